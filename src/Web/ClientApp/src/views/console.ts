import { h } from "../dom";
import { lang, t, type MessageKey } from "../i18n/i18n";
import type { HelpRequest, ParticipantView, PresenceView } from "../hub";
import type { AppState } from "../store";
import { recordingNotice } from "./recording";
import { elapsed, minutesLeft, timeLeft } from "./time";

export interface ConsoleActions {
  admit(participantId: string): void;
  muteAudio(participantId: string, muted: boolean): void;
  muteVideo(participantId: string, muted: boolean): void;
  remove(participant: ParticipantView): void;
  warn(participant: ParticipantView, text: string): void;
  setAside(participantId: string | null): void;
  pause(): void;
  resume(): void;
  endVisit(): void;
  lock(locked: boolean): void;
  extend(minutes: number): void;
  acknowledgeHelp(childId: string): void;
  dismissAttention(participantId: string): void;
  talkToChild(childId: string): void;
  dismissRecordingFailed(): void;
  requestRecording(): void;
  stopRecording(): void;
  acknowledgeRecording(): void;
}

/**
 * The supervisor's console, built once and then changed only where the visit changed: alerts first, then the visit's
 * state, one tile per person (kept in a fixed order, by role and name, whatever the order they connected in), the
 * pictures and the notes. Tapping a tile opens that person's actions; on a phone or tablet they open as a sheet above
 * the bottom bar (pause/resume, record, end), so every action is on screen without scrolling. Nothing that did not
 * change is redrawn, so focus, a note being typed and the phone's keyboard survive every update.
 */
export class ConsoleView {
  readonly element: HTMLElement;
  private readonly alerts = h("div", { class: "console-alerts" });
  private readonly heading = h("h1", {});
  private readonly visitTitle = h("p", { class: "visit-title" });
  private readonly meta = h("div", { class: "visit-meta" });
  private readonly errorSlot = h("div", {});
  private readonly recordingSlot = h("div", {});
  private readonly stageSlot = h("div", { class: "console-stage" });
  private readonly waitingHeading = h("h2", {});
  private readonly presentHeading = h("h2", {});
  private readonly waitingList = h("ul", { class: "people waiting", "data-testid": "waiting-list" });
  private readonly presentList = h("ul", { class: "people present", "data-testid": "present-list" });
  private readonly bar = h("nav", { class: "console-bar", "data-testid": "console-bar" });
  private readonly tiles = new Map<string, Tile>();
  private selected: string | null = null;
  private previous: PresenceView | undefined;
  private supervisor = false;
  private lostBefore = new Set<string>();

  constructor(private readonly actions: ConsoleActions, notes: HTMLElement, private readonly announce: (text: string) => void) {
    this.element = h("section", { class: "console", "data-testid": "supervisor-console" },
      this.alerts,
      h("div", { class: "console-head" }, h("div", {}, this.heading, this.visitTitle), this.meta),
      this.errorSlot,
      this.recordingSlot,
      h("div", { class: "console-main" },
        h("div", { class: "console-people" }, this.waitingHeading, this.waitingList, this.presentHeading, this.presentList, notes),
        this.stageSlot),
      this.bar,
    );
    // The sheet of a person's actions sits just above the bar, whatever height the bar has.
    new ResizeObserver(() => document.body.style.setProperty("--bar-h", `${this.bar.hidden ? 0 : this.bar.offsetHeight}px`)).observe(this.bar);
  }

  /** Brings the console up to date with <state>, touching only what changed. */
  update(state: AppState, stage: HTMLElement | null): void {
    const session = state.session!;
    const presence = state.presence;
    const phase = presence?.phase ?? "lobby";
    this.supervisor = session.role === "supervisor";
    const actions = this.supervisor ? this.actions : null;
    this.element.dataset.role = session.role;
    this.element.dataset.state = phase;
    document.body.classList.toggle("has-console-bar", this.supervisor && phase !== "ended");

    patch(this.alerts, JSON.stringify([state.helpAlerts, state.attentionAlerts, state.recordingFailed, this.supervisor, phase, state.timeWarning, presence?.endingSoon, presence?.endsAt, lang()]), () => [
      ...state.helpAlerts.map((a) => helpAlert(a, actions, phase === "live" || phase === "paused")),
      ...(phase === "ended" ? [] : state.attentionAlerts).map((a) => h("div", { class: "banner attention-alert", role: "alert", "data-testid": "attention-alert", "data-role": a.role },
        h("strong", {}, t("console.attention", { name: a.displayName })),
        h("p", {}, t("console.attention.at", { time: formatClock(a.at) })),
        h("div", { class: "help-actions" },
          h("button", { type: "button", "data-testid": "attention-dismiss", onclick: () => this.actions.dismissAttention(a.participantId) }, t("console.help.dismiss"))))),
      state.recordingFailed
        ? h("div", { class: "banner help-alert", role: "alert", "data-testid": "recording-failed" },
          h("strong", {}, t("console.recordingFailed", { detail: state.recordingFailed.text })),
          h("button", { type: "button", onclick: () => this.actions.dismissRecordingFailed() }, t("console.help.dismiss")))
        : null,
      (state.timeWarning !== undefined || presence?.endingSoon) && phase !== "ended"
        ? h("div", { class: "banner time", role: "status", "data-testid": "time-warning" },
          t("console.timeWarning", { minutes: minutesLeft(presence?.endsAt ?? session.visit.endsAt) })) : null,
    ]);
    setText(this.heading, t("console.title"));
    setText(this.visitTitle, t("console.visit", { title: session.visit.title }));
    patch(this.meta, JSON.stringify([phase, presence?.locked, presence?.endsAt, lang()]), () => [
      h("span", { class: `phase phase-${phase}`, "data-testid": "visit-state" }, t(`console.state.${phase}` as MessageKey)),
      presence?.locked ? h("span", { class: "locked", "data-testid": "locked" }, t("console.locked")) : null,
      countdown(presence, session.visit.endsAt),
    ]);
    patch(this.errorSlot, JSON.stringify([state.actionError]), () => [
      state.actionError ? h("p", { class: "action-error", role: "alert", "data-testid": "action-error" }, state.actionError) : null,
    ]);
    const acknowledged = state.lobby?.recordingAcknowledged ?? true;
    patch(this.recordingSlot, JSON.stringify([phase, presence?.recording, acknowledged, lang()]), () => [
      phase !== "ended" ? recordingNotice(presence?.recording, acknowledged, () => this.actions.acknowledgeRecording()) : null,
    ]);
    const shownStage = stage && phase !== "ended" ? stage : null;
    if (shownStage ? this.stageSlot.firstChild !== shownStage : this.stageSlot.firstChild) this.stageSlot.replaceChildren(...(shownStage ? [shownStage] : []));
    setText(this.waitingHeading, t("console.waiting"));
    setText(this.presentHeading, t("console.present"));
    this.updateTiles(presence, actions, new Map(state.linkLost.map((l) => [l.participantId, l.since])));
    patch(this.bar, JSON.stringify([this.supervisor, phase, presence?.locked, presence?.extendedMinutes, presence?.recording, lang()]), () =>
      this.supervisor && phase !== "ended" ? barContents(presence, this.actions) : []);
    this.bar.hidden = !this.supervisor || phase === "ended";
    this.announceChanges(presence, state.helpAlerts);
    const lostNow = new Set(state.linkLost.map((l) => l.participantId));
    const newlyLost = [...lostNow].filter((id) => !this.lostBefore.has(id));
    const names = newlyLost.map((id) => presence?.participants.find((p) => p.participantId === id)?.displayName).filter((n): n is string => !!n);
    if (names.length) this.announce(names.map((name) => t("console.announce.linkLost", { name })).join(" "));
    this.lostBefore = lostNow;
    this.previous = presence;
  }

  private updateTiles(presence: PresenceView | undefined, actions: ConsoleActions | null, lost: Map<string, string>): void {
    const people = [...(presence?.participants ?? [])].sort(byRoleThenName);
    const seen = new Set<string>();
    for (const p of people) {
      seen.add(p.participantId);
      let tile = this.tiles.get(p.participantId);
      if (!tile) {
        tile = new Tile(p.participantId, (id) => this.select(id));
        this.tiles.set(p.participantId, tile);
      }
      tile.update(p, presence, actions, this.selected === p.participantId, lost.get(p.participantId));
    }
    for (const [id, tile] of this.tiles) {
      if (!seen.has(id)) {
        tile.element.remove();
        this.tiles.delete(id);
        if (this.selected === id) this.selected = null;
      }
    }
    place(this.waitingList, people.filter((p) => p.waiting).map((p) => this.tiles.get(p.participantId)!.element), t("console.nobodyWaiting"));
    place(this.presentList, people.filter((p) => !p.waiting).map((p) => this.tiles.get(p.participantId)!.element), t("console.nobodyPresent"));
  }

  /** Opens (or closes, tapped again) one person's actions; only one person's are open at a time. */
  private select(id: string): void {
    this.selected = this.selected === id ? null : id;
    for (const [tileId, tile] of this.tiles) tile.setSelected(tileId === this.selected);
    const tile = this.selected ? this.tiles.get(this.selected) : undefined;
    tile?.element.scrollIntoView({ block: "nearest" });
  }

  /** One short sentence per event for a screen reader; never the countdown. */
  private announceChanges(presence: PresenceView | undefined, help: HelpRequest[]): void {
    const before = this.previous;
    if (!presence) return;
    const messages: string[] = [];
    if (before && before.phase !== presence.phase) messages.push(t("console.announce.phase", { state: t(`console.state.${presence.phase}` as MessageKey) }));
    const old = new Map((before?.participants ?? []).map((p) => [p.participantId, p]));
    const now = new Map(presence.participants.map((p) => [p.participantId, p]));
    if (before) {
      for (const p of presence.participants) {
        const was = old.get(p.participantId);
        if (!was) messages.push(t(p.waiting ? "console.announce.waiting" : "console.announce.joined", { name: p.displayName }));
        else if (was.waiting && !p.waiting) messages.push(t("console.announce.admitted", { name: p.displayName }));
      }
      for (const p of old.values()) if (!now.has(p.participantId)) messages.push(t("console.announce.left", { name: p.displayName }));
    }
    const alerted = new Set((before?.help ?? []).map((a) => `${a.participantId}@${a.at}`));
    for (const a of help) if (!alerted.has(`${a.participantId}@${a.at}`)) messages.push(t("console.help", { name: a.displayName }));
    if (messages.length) this.announce(messages.join(" "));
  }
}

/** One person's tile: a button (name, role, state, flags) that opens their actions, and the actions. */
class Tile {
  readonly element: HTMLElement;
  private readonly head: HTMLButtonElement;
  private readonly summary = h("span", { class: "person-summary" });
  private readonly admitSlot = h("div", { class: "admit-slot" });
  private readonly controls: HTMLElement;

  private readonly select: (id: string) => void;
  private open: "warn" | "more" | null = null;
  private confirming = false;

  constructor(readonly id: string, select: (id: string) => void) {
    this.select = select;
    const controlsId = `actions-${id.replace(/[^A-Za-z0-9_-]/g, "_")}`;
    this.head = h("button", { type: "button", class: "person-head", "data-testid": "tile-head", "aria-expanded": "false", "aria-controls": controlsId,
      onclick: () => select(id) }, this.summary);
    this.controls = h("div", { class: "person-controls", id: controlsId, "data-testid": "person-actions", role: "group" });
    this.element = h("li", { class: "person", "data-testid": "participant-tile", "data-participant": id }, this.head, this.admitSlot, this.controls);
  }

  update(p: ParticipantView, presence: PresenceView | undefined, a: ConsoleActions | null, selected: boolean, lostSince?: string): void {
    const aside = presence?.aside === p.participantId;
    const family = p.role === "parent" || p.role === "child";
    this.element.className = `person role-${p.role}${aside ? " aside" : ""}${selected ? " selected" : ""}${a && family ? " has-actions" : ""}`;
    this.element.dataset.role = p.role;
    this.element.dataset.waiting = String(p.waiting);
    this.element.dataset.link = lostSince ? "lost" : "up";
    patch(this.summary, JSON.stringify([p, aside, presence?.recording, lostSince, lang()]), () => [
      h("span", { class: "role-badge" }, t(`role.${p.role}` as MessageKey)),
      h("span", { class: "name" }, p.displayName),
      h("span", { class: "status" }, t(p.waiting ? "console.status.waiting" : "console.status.admitted")),
      h("span", { class: "flags" },
        // Their media stopped arriving (a dropped network): for how long, ticking (main.ts), until it is back.
        lostSince ? h("span", { class: "flag warn link-lost", "data-testid": "link-lost", "data-since": lostSince }, t("console.disconnected", { time: elapsed(lostSince) })) : null,
        p.audioMuted ? h("span", { class: "flag", "data-testid": "flag-audio-muted" }, t("console.audioOff")) : null,
        p.videoMuted ? h("span", { class: "flag", "data-testid": "flag-video-muted" }, t("console.videoOff")) : null,
        p.connections > 1 ? h("span", { class: "flag" }, t("console.connections", { count: p.connections })) : null,
        p.pendingDevices > 0 ? h("span", { class: "flag warn", "data-testid": "second-device" }, t("console.secondDevice")) : null,
        aside ? h("span", { class: "flag" }, t("console.asideActive")) : null,
        presence?.recording === "requested"
          ? h("span", { class: "flag", "data-testid": "recording-ack-state" }, t(p.recordingAcknowledged ? "console.recordAcked" : "console.recordWaiting")) : null),
    ]);
    this.head.disabled = !(a && family);
    // Admitting someone waiting is the one thing to do with them: it stays on the tile itself.
    patch(this.admitSlot, JSON.stringify([!!a && family && (p.waiting || p.pendingDevices > 0), lang()]), () => [
      a && family && (p.waiting || p.pendingDevices > 0)
        ? h("button", { type: "button", class: "primary", "data-testid": "admit", "data-role": p.role, onclick: () => a.admit(p.participantId) }, t("console.admit"))
        : null,
    ]);
    const paused = presence?.phase === "paused";
    patch(this.controls, JSON.stringify([!!a && family, p.waiting, p.audioMuted, p.videoMuted, paused, aside, p.displayName, lang()]), () => a && family ? [
      h("p", { class: "sheet-title" }, `${t(`role.${p.role}` as MessageKey)} ${p.displayName}`),
      p.waiting ? null : h("button", { type: "button", "data-testid": "mute-audio", "data-role": p.role, "aria-pressed": String(p.audioMuted),
        onclick: () => a.muteAudio(p.participantId, !p.audioMuted) }, t(p.audioMuted ? "console.unmuteAudio" : "console.muteAudio")),
      p.waiting ? null : h("button", { type: "button", "data-testid": "mute-video", "data-role": p.role, "aria-pressed": String(p.videoMuted),
        onclick: () => a.muteVideo(p.participantId, !p.videoMuted) }, t(p.videoMuted ? "console.unmuteVideo" : "console.muteVideo")),
      paused && !p.waiting ? h("button", { type: "button", "data-testid": "aside", "data-role": p.role,
        onclick: () => a.setAside(aside ? null : p.participantId) }, t(aside ? "console.asideAll" : "console.aside")) : null,
      h("button", { type: "button", "data-testid": "warn", "data-role": p.role, "aria-expanded": String(this.open === "warn"),
        onclick: () => this.toggle("warn") }, t("console.warn")),
      h("button", { type: "button", class: "person-more-toggle", "data-testid": "person-more", "data-role": p.role, "aria-expanded": String(this.open === "more"),
        onclick: () => this.toggle("more") }, t("console.more")),
      warnPanel(p, a, this.open === "warn", () => this.toggle("warn")),
      morePanel(p, a, this.open === "more", this.confirming, (on) => { this.confirming = on; }),
      h("button", { type: "button", class: "sheet-close", "data-testid": "sheet-close", onclick: () => this.select(this.id) }, t("console.sheetClose")),
    ] : []);
    this.setSelected(selected);
  }

  /**
   * Opens or closes one panel of this person's actions (warnings, "more"); which one is open is kept here, so an
   * update of the visit that redraws the actions leaves it open.
   */
  private toggle(panel: "warn" | "more"): void {
    this.open = this.open === panel ? null : panel;
    for (const [name, testid, button] of [["warn", "warn-panel", "warn"], ["more", "person-more-panel", "person-more"]] as const) {
      const el = this.controls.querySelector<HTMLElement>(`[data-testid=${testid}]`);
      if (el) el.hidden = this.open !== name;
      this.controls.querySelector(`[data-testid=${button}]`)?.setAttribute("aria-expanded", String(this.open === name));
    }
    if (this.open) this.controls.querySelector<HTMLElement>(`[data-testid=${this.open === "warn" ? "warn-panel" : "person-more-panel"}] button`)?.focus();
  }

  setSelected(selected: boolean): void {
    this.element.classList.toggle("selected", selected);
    this.head.setAttribute("aria-expanded", String(selected));
  }
}

/** Ready-made warnings, one tap each, and one's own words; shown to that person only (no browser prompt). */
function warnPanel(p: ParticipantView, a: ConsoleActions, open: boolean, close: () => void): HTMLElement {
  const text = h("textarea", { class: "warn-text", "data-testid": "warn-text", rows: 2, maxlength: 2000, "aria-label": t("console.warn.custom"),
    placeholder: t("console.warn.custom") });
  const panel = h("div", { class: "person-panel warn-panel", "data-testid": "warn-panel", hidden: !open, role: "group", "aria-label": t("console.warn.title", { name: p.displayName }) },
    h("p", { class: "panel-title" }, t("console.warn.title", { name: p.displayName })),
    ...(["voice", "topic", "promise"] as const).map((key) => h("button", { type: "button", class: "warn-preset", "data-testid": "warn-preset", "data-key": key,
      onclick: () => { a.warn(p, t(`console.warn.${key}`)); close(); } }, t(`console.warn.${key}`))),
    text,
    h("button", { type: "button", class: "primary", "data-testid": "warn-send", onclick: () => {
      const words = text.value.trim();
      if (!words) return text.focus();
      a.warn(p, words);
      text.value = "";
      close();
    } }, t("console.warn.send")));
  return panel;
}

/** Removal is final (the link is revoked): behind "more", and confirmed on the page in words that say so. */
function morePanel(p: ParticipantView, a: ConsoleActions, open: boolean, confirming: boolean, setConfirming: (on: boolean) => void): HTMLElement {
  const confirm = h("div", { class: "remove-confirm", "data-testid": "remove-confirm", hidden: !confirming, role: "alertdialog", "aria-label": t("console.remove") },
    h("p", {}, t("console.remove.final", { name: p.displayName })),
    h("button", { type: "button", class: "danger", "data-testid": "remove-confirm-yes", onclick: () => a.remove(p) }, t("console.remove.yes")),
    h("button", { type: "button", "data-testid": "remove-confirm-no", onclick: () => { confirm.hidden = true; setConfirming(false); } }, t("console.remove.no")));
  return h("div", { class: "person-panel", "data-testid": "person-more-panel", hidden: !open },
    h("button", { type: "button", class: "danger", "data-testid": "remove", "data-role": p.role,
      onclick: () => { confirm.hidden = false; setConfirming(true); confirm.querySelector<HTMLElement>("[data-testid=remove-confirm-no]")?.focus(); } }, t("console.remove")),
    confirm);
}

const roleOrder: Record<string, number> = { parent: 0, child: 1, supervisor: 2, observer: 3 };

function byRoleThenName(a: ParticipantView, b: ParticipantView): number {
  return (roleOrder[a.role] ?? 9) - (roleOrder[b.role] ?? 9) || a.displayName.localeCompare(b.displayName) || a.participantId.localeCompare(b.participantId);
}

/** Puts <items> in <list> in this order, moving only what is out of place; an empty list says so. */
function place(list: HTMLElement, items: HTMLElement[], emptyText: string): void {
  const wanted: HTMLElement[] = items.length ? items : [list.querySelector<HTMLElement>(":scope > .empty") ?? h("li", { class: "empty" })];
  if (!items.length) setText(wanted[0], emptyText);
  const current = [...list.children];
  if (current.length === wanted.length && current.every((c, i) => c === wanted[i])) return;
  for (const c of current) if (!wanted.includes(c as HTMLElement)) c.remove();
  wanted.forEach((el, i) => {
    if (list.children[i] !== el) list.insertBefore(el, list.children[i] ?? null);
  });
}

const signatures = new WeakMap<HTMLElement, string>();

/**
 * Rebuilds <container>'s children only when <signature> (what they are drawn from) changed. When focus was inside, it
 * goes back to the control with the same test id and role, so a keyboard user stays where they were.
 */
function patch(container: HTMLElement, signature: string, build: () => (Node | null)[]): void {
  if (signatures.get(container) === signature) return;
  signatures.set(container, signature);
  const active = document.activeElement instanceof HTMLElement && container.contains(document.activeElement) ? document.activeElement : null;
  const key = active?.dataset.testid;
  container.replaceChildren(...build().filter((n): n is Node => n !== null));
  if (key) container.querySelector<HTMLElement>(`[data-testid="${key}"]`)?.focus();
}

function setText(el: HTMLElement, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

/** A child's stop/help, kept by the server until a supervisor acknowledges it (S4). */
function helpAlert(a: HelpRequest, actions: ConsoleActions | null, canTalk: boolean): HTMLElement {
  return h("div", { class: "banner help-alert", role: "alert", "data-testid": "help-alert", "data-role": a.role, "data-unattended": String(a.unattended ?? false) },
    h("strong", {}, t("console.help", { name: a.displayName })),
    h("p", {}, t(a.unattended ? "console.help.unattended" : "console.help.at", { time: formatClock(a.at) })),
    actions ? h("div", { class: "help-actions" },
      // Pause and speak with the child alone: once the visit has started (before, the child is waiting alone anyway).
      canTalk ? h("button", { type: "button", class: "primary", "data-testid": "help-talk", onclick: () => actions.talkToChild(a.participantId) }, t("console.help.talk")) : null,
      h("button", { type: "button", "data-testid": "help-ack", onclick: () => actions.acknowledgeHelp(a.participantId) }, t("console.help.dismiss"))) : null,
  );
}

function formatClock(iso: string): string {
  return new Date(iso).toLocaleTimeString(lang() === "ja" ? "ja-JP" : "en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

function countdown(presence: PresenceView | undefined, fallbackEnd: string): HTMLElement | null {
  if (presence?.phase === "ended") return null;
  const endsAt = presence?.endsAt ?? fallbackEnd;
  return h("span", { class: "countdown", "data-testid": "countdown", "data-ends-at": endsAt }, t("console.timeLeft", { time: timeLeft(endsAt) ?? "" }));
}

/** The bottom bar: pause/resume, record, end; lock and extend behind "more". */
function barContents(presence: PresenceView | undefined, a: ConsoleActions): HTMLElement[] {
  const phase = presence?.phase ?? "lobby";
  const locked = presence?.locked ?? false;
  const extended = presence?.extendedMinutes ?? 0;
  const more = h("div", { class: "bar-more", id: "console-more", hidden: true, role: "group", "aria-label": t("console.more") },
    h("button", { type: "button", "data-testid": "lock", "aria-pressed": String(locked), onclick: () => a.lock(!locked) }, t(locked ? "console.unlock" : "console.lock")),
    h("span", { class: "extend", role: "group", "aria-label": t("console.extendTitle") },
      ...[5, 10, 15].map((m) => h("button", { type: "button", "data-testid": `extend-${m}`, disabled: extended + m > 30, onclick: () => a.extend(m) }, t("console.extend", { minutes: m })))));
  const moreButton = h("button", { type: "button", class: "bar-more-toggle", "data-testid": "more", "aria-expanded": "false", "aria-controls": "console-more",
    onclick: () => {
      more.hidden = !more.hidden;
      moreButton.setAttribute("aria-expanded", String(!more.hidden));
    } }, t("console.more"));
  return [
    more,
    h("div", { class: "bar-buttons" },
      phase === "paused"
        ? h("button", { type: "button", class: "primary", "data-testid": "resume", onclick: () => a.resume() }, t("console.resume"))
        : h("button", { type: "button", "data-testid": "pause", disabled: phase !== "live", onclick: () => a.pause() }, t("console.pause")),
      (presence?.recording ?? "off") === "off"
        ? h("button", { type: "button", "data-testid": "record", onclick: () => a.requestRecording() }, t("console.record"))
        : h("button", { type: "button", "data-testid": "record-stop", onclick: () => a.stopRecording() }, t("console.recordStop")),
      moreButton,
      h("button", { type: "button", class: "danger", "data-testid": "end-visit", onclick: () => a.endVisit() }, t("console.endVisit"))),
  ];
}
