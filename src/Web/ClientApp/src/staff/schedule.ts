import { h } from "../dom";
import { api, type InvitationLink } from "./api";
import { field, formSubmitter, problemText } from "./app";
import { familiesList } from "./families";
import { st } from "./i18n";

/** Local "yyyy-MM-ddTHH:mm" of the next five-minute mark: a datetime-local input's value. */
function nextFiveMinutes(): string {
  const d = new Date();
  d.setSeconds(0, 0);
  d.setMinutes(Math.ceil((d.getMinutes() + 1) / 5) * 5); // 60 rolls over to the next hour
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The coordinator's forms: add a family, then schedule a visit for it (which issues every link at once). Staff accounts are on /staff/accounts. */
export async function scheduleForms(onScheduled: (links: InvitationLink[]) => void, onError: (message: string) => void): Promise<HTMLElement> {
  const [allFamilies, accounts] = await Promise.all([api.families(true), api.staff()]);
  // An archived family is listed (to restore it) but cannot be given a visit.
  const families = allFamilies.filter((f) => !f.archivedAt);
  // A disabled account (someone who left) cannot be given a visit.
  const staff = accounts.filter((a) => a.status === "active");

  const family = h("select", { required: true, "data-testid": "schedule-family" },
    h("option", { value: "" }, st("staff.schedule.family.choose")),
    ...families.map((f) => h("option", { value: f.id }, `${f.childName} / ${f.parentName}`)));
  const title = h("input", { maxlength: 200, "data-testid": "schedule-title" });
  const start = h("input", { type: "datetime-local", required: true, value: nextFiveMinutes(), "data-testid": "schedule-start" });
  const minutes = h("input", { type: "number", min: 10, max: 480, step: 5, value: 60, required: true, "data-testid": "schedule-minutes" });
  const supervisor = h("select", { required: true, "data-testid": "schedule-supervisor" },
    ...staff.filter((s) => s.role === "supervisor" || s.role === "coordinator")
      .sort((a, b) => (a.role === "supervisor" ? 0 : 1) - (b.role === "supervisor" ? 0 : 1))
      .map((s) => h("option", { value: s.id }, s.displayName)));
  const observer = h("select", { "data-testid": "schedule-observer" },
    h("option", { value: "" }, st("staff.schedule.observer.none")),
    ...staff.filter((s) => s.role === "observer").map((s) => h("option", { value: s.id }, s.displayName)));
  const recording = h("input", { type: "checkbox", "data-testid": "schedule-recording" });

  const schedule = h("form", { class: "staff-card staff-form", "data-testid": "schedule-form" },
    h("h2", {}, st("staff.schedule.title")),
    field(st("staff.schedule.family"), family),
    field(st("staff.schedule.title.label"), title),
    field(st("staff.schedule.start"), start),
    field(st("staff.schedule.duration"), minutes),
    field(st("staff.schedule.supervisor"), supervisor),
    field(st("staff.schedule.observer"), observer),
    h("label", { class: "check" }, recording, st("staff.schedule.recording")),
    h("button", { type: "submit", class: "primary", "data-testid": "schedule-submit" }, st("staff.schedule.submit")));
  schedule.addEventListener("submit", (event) => {
    event.preventDefault();
    const startsAt = new Date(start.value);
    const endsAt = new Date(startsAt.getTime() + Number(minutes.value) * 60_000);
    api.schedule({
      familyId: family.value, title: title.value.trim(), startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(),
      supervisorId: supervisor.value, observerId: observer.value || null, recordingAllowed: recording.checked,
    }).then((r) => onScheduled(r.links), (e: unknown) => onError(problemText(e)));
  });

  const child = h("input", { name: "childName", required: true, maxlength: 100, "data-testid": "family-child" });
  const parent = h("input", { name: "parentName", required: true, maxlength: 100, "data-testid": "family-parent" });
  const contact = h("input", { name: "guardianContact", maxlength: 500, "data-testid": "family-contact" });
  const addFamily = h("form", { class: "staff-card staff-form", "data-testid": "family-form" },
    h("h2", {}, st("staff.family.title")),
    field(st("staff.family.child"), child),
    field(st("staff.family.parent"), parent),
    field(st("staff.family.contact"), contact),
    h("button", { type: "submit", "data-testid": "family-submit" }, st("staff.family.submit")));
  const submitFamily = formSubmitter(addFamily);
  addFamily.addEventListener("submit", (event) => {
    event.preventDefault();
    submitFamily(() => api.addFamily({ childName: child.value.trim(), parentName: parent.value.trim(), guardianContact: contact.value.trim() }),
      () => onScheduled([]));
  });

  return h("div", { class: "staff-forms" }, schedule, familiesList(allFamilies, () => onScheduled([]), onError), addFamily);
}
