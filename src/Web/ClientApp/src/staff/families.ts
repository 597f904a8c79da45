import { h } from "../dom";
import type { Family } from "./api";
import { st } from "./i18n";

/**
 * The families, for coordinators only (the API refuses everyone else). The guardian's contact is shown here and
 * nowhere else: not on visits, records or exports (SAFEGUARDING S6).
 */
export function familiesList(families: Family[]): HTMLElement {
  return h("section", { class: "staff-card", "data-testid": "families" },
    h("h2", {}, st("staff.families.title")),
    families.length === 0 ? h("p", { class: "staff-hint" }, st("staff.visits.none"))
      : h("ul", { class: "seats" }, ...families.map((f) => h("li", { "data-testid": "family", "data-family-id": f.id },
        h("strong", {}, `${f.childName} / ${f.parentName}`),
        f.guardianContact ? h("div", { class: "staff-hint" }, st("staff.families.contact", { contact: f.guardianContact })) : null))));
}
