import { h } from "../dom";
import { formatTime } from "../i18n/i18n";
import { api, type InvitationLink, type MyVisit, type StaffAccount, type StaffRole, type Visit } from "./api";
import { beginRender, isLatestRender, navigate, problemText, show } from "./app";
import { roleLabel, st, type StaffKey } from "./i18n";
import { linksPanel } from "./links";
import { scheduleForms } from "./schedule";

const phases = ["live", "upcoming", "past"] as const;

/**
 * /staff/visits: first the visits this account supervises or observes (with "Open console"), then live, upcoming
 * and past visits; for coordinators also scheduling and link management.
 */
export async function visitsPage(role: StaffRole, issued: InvitationLink[] = [], error = ""): Promise<void> {
  // Freshly issued links are shown once: an older render finishing late must not replace them.
  const render = beginRender();
  const coordinator = role === "coordinator";
  let lists: Visit[][];
  let mine: MyVisit[];
  let supervisors: StaffAccount[];
  try {
    [mine, ...lists] = await Promise.all([api.myVisits(), ...phases.map((p) => api.visits(p))]) as [MyVisit[], ...Visit[][]];
    // Who may take over a supervisor's seat: active supervisor and coordinator accounts (as when scheduling).
    supervisors = coordinator ? (await api.staff()).filter((a) => a.status === "active" && (a.role === "supervisor" || a.role === "coordinator"))
      .sort((a, b) => (a.role === "supervisor" ? 0 : 1) - (b.role === "supervisor" ? 0 : 1)) : [];
  } catch (e) {
    if (isLatestRender(render)) show(h("p", { class: "action-error", role: "alert" }, problemText(e)));
    return;
  }
  const reload = (links: InvitationLink[] = [], message = "") => void visitsPage(role, links, message);
  const act = (call: () => Promise<unknown>, links?: (result: unknown) => InvitationLink[]) =>
    call().then((result) => reload(links ? links(result) : []), (e: unknown) => reload([], problemText(e)));

  const sections = phases.map((phase, i) => h("section", { class: "visit-list", "data-testid": `visits-${phase}` },
    h("h2", {}, st(`staff.visits.${phase}` as StaffKey)),
    lists[i].length === 0 ? h("p", { class: "staff-hint" }, st("staff.visits.none"))
      : h("ul", { class: "visits" }, ...lists[i].map((v) => visitItem(v, role, act, supervisors)))));

  const forms = coordinator ? await scheduleForms((links) => reload(links), (message) => reload([], message)) : null;
  if (!isLatestRender(render)) return;
  show(
    h("h1", {}, st("staff.visits.title")),
    error ? h("p", { class: "action-error", role: "alert", "data-testid": "staff-error" }, error) : null,
    issued.length ? linksPanel(issued, () => reload()) : null,
    // A coordinator sees the section only when they hold a seat themselves.
    !coordinator || mine.length > 0 ? myVisits(mine) : null,
    ...sections,
    forms,
  );
}

type Act = (call: () => Promise<unknown>, links?: (result: unknown) => InvitationLink[]) => void;

function visitItem(v: Visit, role: StaffRole, act: Act, supervisors: StaffAccount[]): HTMLElement {
  const coordinator = role === "coordinator";
  const open = v.status === "scheduled" && v.phase !== "past";
  const seats = v.participants.map((p) => h("li", { class: `seat role-${p.role}`, "data-testid": "seat", "data-role": p.role, "data-link": p.invitationState },
    h("span", { class: "role-badge" }, roleLabel(p.role)), " ", p.displayName, " ",
    h("small", {}, st(`staff.link.${p.invitationState}` as StaffKey)),
    coordinator && open ? h("button", {
      type: "button", "data-testid": "resend", "data-role": p.role,
      onclick: () => confirm(st("staff.link.resend.confirm", { name: p.displayName })) && act(() => api.resend(v.id, p.id), (r) => [r as InvitationLink]),
    }, st("staff.link.resend")) : null,
    coordinator && open && p.invitationState === "active" ? h("button", {
      type: "button", "data-testid": "revoke", "data-role": p.role,
      onclick: () => confirm(st("staff.link.revoke.confirm", { name: p.displayName })) && act(() => api.revoke(v.id, p.id)),
    }, st("staff.link.revoke")) : null));
  return h("li", { class: "staff-card visit", "data-testid": "visit", "data-visit-id": v.id, "data-phase": v.phase },
    h("div", { class: "visit-head" },
      h("strong", { "data-testid": "visit-title" }, v.title),
      h("span", {}, `${formatTime(v.startsAt)} – ${formatTime(v.endsAt)}`),
      h("span", { class: "staff-hint" }, st(`staff.status.${v.status}` as StaffKey)),
      v.recordingAllowed ? h("span", { class: "staff-hint" }, st("staff.visits.recording")) : null),
    h("ul", { class: "seats" }, ...seats),
    h("div", { class: "visit-actions" },
      role !== "observer" ? h("button", { type: "button", "data-testid": "open-record", onclick: () => navigate(`/staff/visits/${encodeURIComponent(v.id)}/record`) },
        st("staff.visits.record")) : null,
      coordinator && open ? h("button", {
        type: "button", "data-testid": "cancel-visit",
        onclick: () => confirm(st("staff.visits.cancel.confirm", { title: v.title })) && act(() => api.cancel(v.id)),
      }, st("staff.visits.cancel")) : null),
    coordinator && open && supervisors.length > 0 ? changeSupervisor(v, act, supervisors) : null);
}

/** "Change supervisor": the seat goes to the chosen account; the old holder's link and console stop working for this visit. */
function changeSupervisor(v: Visit, act: Act, supervisors: StaffAccount[]): HTMLElement {
  const current = v.participants.find((p) => p.role === "supervisor");
  const select = h("select", { "data-testid": "change-supervisor-select", "aria-label": st("staff.seat.supervisor.choose") },
    h("option", { value: "" }, st("staff.seat.supervisor.choose")),
    ...supervisors.map((s) => h("option", { value: s.id }, s.displayName)));
  const button = h("button", {
    type: "button", "data-testid": "change-supervisor",
    onclick: () => {
      const chosen = supervisors.find((s) => s.id === select.value);
      if (!chosen) { select.focus(); return; }
      if (!confirm(st("staff.seat.supervisor.confirm", { from: current?.displayName ?? "-", to: chosen.displayName }))) return;
      act(() => api.reassignSupervisor(v.id, chosen.id), (r) => (r as { links: InvitationLink[] }).links);
    },
  }, st("staff.seat.supervisor.change"));
  return h("div", { class: "seat-change", "data-testid": "seat-change" }, select, button);
}

/** Today's and upcoming visits of this account's own seats; "Open console" once the visit opens (as its link would). */
function myVisits(mine: MyVisit[]): HTMLElement {
  return h("section", { class: "visit-list my-visits", "data-testid": "my-visits" },
    h("h2", {}, st("staff.mine.title")),
    mine.length === 0 ? h("p", { class: "staff-hint" }, st("staff.mine.none"))
      : h("ul", { class: "visits" }, ...mine.map(myVisit)));
}

function myVisit(m: MyVisit): HTMLElement {
  const v = m.visit;
  // Not open yet: the button comes alive at the opening time, without redrawing the page (a half-filled form stays).
  // Any other refusal (a withdrawn seat) is the server's to explain when the button is pressed.
  const wait = m.consoleOpen ? 0 : new Date(m.consoleOpensAt).getTime() - Date.now();
  const open = h("button", {
    type: "button", class: "primary", "data-testid": "open-console", disabled: wait > 0,
    onclick: () => location.assign(`/console/${encodeURIComponent(v.id)}`),
  }, st("staff.mine.open"));
  const hint = wait > 0 ? h("span", { class: "staff-hint", "data-testid": "console-opens-at" }, st("staff.mine.opensAt", { time: formatTime(m.consoleOpensAt) })) : null;
  if (wait > 0 && wait < 12 * 3600_000) {
    window.setTimeout(() => { open.disabled = false; hint?.remove(); }, wait + 1000);
  }
  return h("li", { class: `staff-card visit role-${m.seatRole}`, "data-testid": "my-visit", "data-visit-id": v.id, "data-phase": v.phase },
    h("div", { class: "visit-head" },
      h("strong", { "data-testid": "visit-title" }, v.title),
      h("span", {}, `${formatTime(v.startsAt)} – ${formatTime(v.endsAt)}`),
      h("span", { class: "role-badge" }, roleLabel(m.seatRole))),
    h("div", { class: "visit-actions" }, open, hint));
}
