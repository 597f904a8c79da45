import { h } from "../dom";
import { formatTime, lang } from "../i18n/i18n";
import { api, session, type RecordEntry } from "./api";
import { navigate, problemText, show } from "./app";
import { hasStaffKey, roleLabel, st, type StaffKey } from "./i18n";
import { recordingsSection } from "./recordings";

/** Opens the printable record (fetched with the staff token) in a new tab, from a blob: nothing else can load it. */
async function openPrintable(visitId: string, language: "ja" | "en"): Promise<void> {
  const blob = await api.recordHtml(visitId, language);
  const url = URL.createObjectURL(blob);
  window.open(url, "_blank", "noopener");
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Family seats use the family pages' words; a coordinator acting from the staff login, the staff words. */
function actorRole(role: string | null): string {
  return role === "coordinator" ? st("staff.role.coordinator") : roleLabel(role ?? "");
}

function entries(testId: string, list: RecordEntry[]): HTMLElement {
  if (list.length === 0) return h("p", { class: "staff-hint", "data-testid": testId }, st("staff.visits.none"));
  return h("table", { class: "record-table", "data-testid": testId },
    ...list.map((e) => h("tr", { class: e.incident ? "incident" : "" },
      h("td", {}, formatTime(e.at)),
      h("td", {}, hasStaffKey(`staff.kind.${e.kind}`) ? st(`staff.kind.${e.kind}` as StaffKey) : e.kind),
      h("td", {}, e.actor ? `${e.actor} (${actorRole(e.actorRole)})` : ""),
      h("td", {}, [e.subject, e.detail].filter(Boolean).join(": ")))));
}

/**
 * /staff/visits/{id}/record: the record on screen, with the printable (ja/en) and JSON exports, and for coordinators
 * the visit's recordings (docs/safeguarding.md S9: staff only, each access in the timeline shown below them).
 */
export async function recordPage(visitId: string): Promise<void> {
  let r;
  try {
    r = await api.record(visitId);
  } catch (e) {
    show(h("p", { class: "action-error", role: "alert" }, problemText(e)),
      h("button", { type: "button", onclick: () => navigate("/staff/visits") }, st("staff.record.back")));
    return;
  }
  const json = new Blob([JSON.stringify(r, null, 2)], { type: "application/json" });
  const actual = r.startedAt
    ? st("staff.record.actual", { start: formatTime(r.startedAt), end: r.endedAt ? formatTime(r.endedAt) : "…", minutes: r.actualMinutes ?? "—" })
    : st("staff.record.notHeld");
  let timeline = entries("record-timeline", r.timeline);
  // A playback or download was just written to the timeline: show it there.
  const refreshTimeline = () => void api.record(visitId).then((fresh) => {
    const next = entries("record-timeline", fresh.timeline);
    timeline.replaceWith(next);
    timeline = next;
  }, () => undefined);
  const recordings = session()?.role === "coordinator" ? recordingsSection(r.visitId, refreshTimeline) : null;
  show(h("section", { class: "staff-card visit-record", "data-testid": "visit-record", "data-visit-id": r.visitId },
    h("button", { type: "button", onclick: () => navigate("/staff/visits") }, st("staff.record.back")),
    h("h1", {}, `${st("staff.record.title")}: ${r.title}`),
    h("p", {}, st("staff.record.scheduled", { start: formatTime(r.scheduledStart), end: formatTime(r.scheduledEnd), minutes: r.scheduledMinutes })),
    h("p", {}, actual),
    h("div", { class: "visit-actions" },
      h("button", { type: "button", "data-testid": "record-print-ja", onclick: () => void openPrintable(r.visitId, "ja") }, st("staff.record.printJa")),
      h("button", { type: "button", "data-testid": "record-print-en", onclick: () => void openPrintable(r.visitId, "en") }, st("staff.record.printEn")),
      h("a", { href: URL.createObjectURL(json), download: `visit-record-${r.visitId}.json`, "data-testid": "record-json" }, st("staff.record.json"))),
    h("h2", {}, st("staff.record.participants")),
    h("ul", { "data-testid": "record-participants" }, ...r.participants.map((p) =>
      h("li", {}, h("span", { class: "role-badge" }, roleLabel(p.role)), ` ${p.displayName} — ${st("staff.record.present", { minutes: p.minutesPresent })}`))),
    recordings,
    h("h2", {}, st("staff.record.incidents")), entries("record-incidents", r.incidents),
    h("h2", {}, st("staff.record.notes")), entries("record-notes", r.notes),
    h("h2", {}, st("staff.record.timeline")), timeline));
  document.documentElement.lang = lang();
}
