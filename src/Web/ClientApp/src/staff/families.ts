import { h } from "../dom";
import { api, type Family } from "./api";
import { field, formSubmitter, problemText } from "./app";
import { st } from "./i18n";

/**
 * The families, for coordinators only (the API refuses everyone else): edit names and the guardian's contact,
 * archive a family no longer followed (not while a visit is upcoming), restore it. The guardian's contact is shown
 * here and nowhere else: not on visits, records or exports (docs/safeguarding.md S6).
 */
export function familiesList(families: Family[], onChanged: () => void, onError: (message: string) => void): HTMLElement {
  const active = families.filter((f) => !f.archivedAt);
  const archived = families.filter((f) => f.archivedAt);
  const act = (call: () => Promise<unknown>) => call().then(onChanged, (e: unknown) => onError(problemText(e)));
  return h("section", { class: "staff-card", "data-testid": "families" },
    h("h2", {}, st("staff.families.title")),
    active.length === 0 ? h("p", { class: "staff-hint" }, st("staff.visits.none"))
      : h("ul", { class: "seats" }, ...active.map((f) => familyItem(f, onChanged, act))),
    archived.length === 0 ? null : h("details", { "data-testid": "families-archived" },
      h("summary", {}, st("staff.families.archived", { count: archived.length })),
      h("ul", { class: "seats" }, ...archived.map((f) => familyItem(f, onChanged, act)))));
}

function familyItem(f: Family, onChanged: () => void, act: (call: () => Promise<unknown>) => void): HTMLElement {
  return h("li", { class: "family", "data-testid": "family", "data-family-id": f.id, "data-archived": f.archivedAt ? "true" : "false" },
    h("strong", { "data-testid": "family-name" }, `${f.childName} / ${f.parentName}`),
    f.guardianContact ? h("div", { class: "staff-hint" }, st("staff.families.contact", { contact: f.guardianContact })) : null,
    h("div", { class: "visit-actions" },
      f.archivedAt
        ? h("button", { type: "button", "data-testid": "family-restore", onclick: () => act(() => api.restoreFamily(f.id)) }, st("staff.families.restore"))
        : h("button", {
          type: "button", "data-testid": "family-archive",
          onclick: () => confirm(st("staff.families.archive.confirm", { name: `${f.childName} / ${f.parentName}` })) && act(() => api.archiveFamily(f.id)),
        }, st("staff.families.archive"))),
    editForm(f, onChanged));
}

function editForm(f: Family, onChanged: () => void): HTMLElement {
  const child = h("input", { name: "childName", required: true, maxlength: 100, value: f.childName, "data-testid": "family-edit-child" });
  const parent = h("input", { name: "parentName", required: true, maxlength: 100, value: f.parentName, "data-testid": "family-edit-parent" });
  const contact = h("input", { name: "guardianContact", maxlength: 500, value: f.guardianContact ?? "", "data-testid": "family-edit-contact" });
  const form = h("form", { class: "staff-form", novalidate: true },
    field(st("staff.family.child"), child),
    field(st("staff.family.parent"), parent),
    field(st("staff.family.contact"), contact),
    h("p", { class: "staff-hint" }, st("staff.families.editHint")),
    h("button", { type: "submit", "data-testid": "family-edit-save" }, st("staff.families.save")));
  const submit = formSubmitter(form);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submit(() => api.updateFamily(f.id, { childName: child.value.trim(), parentName: parent.value.trim(), guardianContact: contact.value.trim() }), onChanged);
  });
  return h("details", { class: "account-edit" }, h("summary", { "data-testid": "family-edit" }, st("staff.families.edit")), form);
}
