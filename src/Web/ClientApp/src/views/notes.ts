import { h } from "../dom";
import { t } from "../i18n/i18n";

/**
 * The supervisor's notes. Built once and kept across renders, so a note being typed is never lost when the
 * console redraws for a presence change.
 */
export function notesPanel(save: (text: string, incident: boolean) => Promise<boolean>): { element: HTMLElement; relabel(): void } {
  const heading = h("h2", {});
  const text = h("textarea", { "data-testid": "note-text", rows: 3, maxlength: 2000 });
  const incidentLabel = h("span", {});
  const incident = h("input", { type: "checkbox", "data-testid": "note-incident" });
  const button = h("button", { type: "button", "data-testid": "note-save" });
  const status = h("span", { class: "note-status", role: "status", "data-testid": "note-status" });
  const relabel = () => {
    heading.textContent = t("console.notes");
    text.placeholder = t("console.notes.placeholder");
    incidentLabel.textContent = t("console.notes.incident");
    button.textContent = t("console.notes.save");
  };
  button.addEventListener("click", async () => {
    const value = text.value.trim();
    if (!value) return;
    if (await save(value, incident.checked)) {
      text.value = "";
      incident.checked = false;
      status.textContent = t("console.notes.saved");
    }
  });
  relabel();
  const element = h("section", { class: "notes" }, heading, text, h("label", { class: "incident" }, incident, incidentLabel), h("div", {}, button, status));
  return { element, relabel };
}
