import { h } from "../dom";
import { lang, t, type MessageKey } from "../i18n/i18n";
import type { HelpRequest, ParticipantView, PresenceView } from "../hub";
import type { AppState } from "../store";
import { recordingNotice } from "./recording";
import { minutesLeft, timeLeft } from "./time";

export interface ConsoleActions {
  admit(participantId: string): void;
  muteAudio(participantId: string, muted: boolean): void;
  muteVideo(participantId: string, muted: boolean): void;
  remove(participant: ParticipantView): void;
  warn(participant: ParticipantView): void;
  setAside(participantId: string | null): void;
  pause(): void;
  resume(): void;
  endVisit(): void;
  lock(locked: boolean): void;
  extend(minutes: number): void;
  acknowledgeHelp(childId: string): void;
  talkToChild(childId: string): void;
  requestRecording(): void;
  stopRecording(): void;
  acknowledgeRecording(): void;
}

/**
 * The supervisor's console: alerts first, then the visit's controls, who is waiting (with Admit), who is in the visit
 * (a tile each, with their controls), and the notes. Works one-handed on a phone and on a laptop.
 */
export function consoleView(state: AppState, actions: ConsoleActions, notes: HTMLElement, stage: HTMLElement | null): HTMLElement {
  const session = state.session!;
  const presence = state.presence;
  const people = presence?.participants ?? [];
  const waiting = people.filter((p) => p.waiting);
  const present = people.filter((p) => !p.waiting);
  const supervisor = session.role === "supervisor";
  const phase = presence?.phase ?? "lobby";

  return h("section", { class: "console", "data-testid": "supervisor-console", "data-role": session.role, "data-state": phase },
    ...state.helpAlerts.map((a) => helpAlert(a, supervisor ? actions : null)),
    (state.timeWarning !== undefined || presence?.endingSoon) && phase !== "ended"
      ? h("div", { class: "banner time", role: "status", "data-testid": "time-warning" },
        t("console.timeWarning", { minutes: minutesLeft(presence?.endsAt ?? session.visit.endsAt) })) : null,
    h("div", { class: "console-head" },
      h("div", {},
        h("h1", {}, t("console.title")),
        h("p", { class: "visit-title" }, t("console.visit", { title: session.visit.title })),
      ),
      h("div", { class: "visit-meta" },
        h("span", { class: `phase phase-${phase}`, "data-testid": "visit-state" }, t(`console.state.${phase}` as MessageKey)),
        presence?.locked ? h("span", { class: "locked", "data-testid": "locked" }, t("console.locked")) : null,
        countdown(presence, session.visit.endsAt),
      ),
    ),
    state.actionError ? h("p", { class: "action-error", role: "alert", "data-testid": "action-error" }, state.actionError) : null,
    phase !== "ended" ? recordingNotice(presence?.recording, state.lobby?.recordingAcknowledged ?? true, () => actions.acknowledgeRecording()) : null,
    supervisor && phase !== "ended" ? visitControls(presence, actions) : null,
    stage && phase !== "ended" ? stage : null,
    h("h2", {}, t("console.waiting")),
    h("ul", { class: "people waiting", "data-testid": "waiting-list" },
      ...(waiting.length ? waiting.map((p) => tile(p, presence, supervisor ? actions : null)) : [h("li", { class: "empty" }, t("console.nobodyWaiting"))]),
    ),
    h("h2", {}, t("console.present")),
    h("ul", { class: "people present", "data-testid": "present-list" },
      ...(present.length ? present.map((p) => tile(p, presence, supervisor ? actions : null)) : [h("li", { class: "empty" }, t("console.nobodyPresent"))]),
    ),
    supervisor ? notes : null,
  );
}

/** A child's stop/help, kept by the server until a supervisor acknowledges it (S4). */
function helpAlert(a: HelpRequest, actions: ConsoleActions | null): HTMLElement {
  return h("div", { class: "banner help-alert", role: "alert", "data-testid": "help-alert", "data-role": a.role, "data-unattended": String(a.unattended ?? false) },
    h("strong", {}, t("console.help", { name: a.displayName })),
    h("p", {}, t(a.unattended ? "console.help.unattended" : "console.help.at", { time: formatClock(a.at) })),
    actions ? h("div", { class: "help-actions" },
      h("button", { type: "button", class: "primary", "data-testid": "help-talk", onclick: () => actions.talkToChild(a.participantId) }, t("console.help.talk")),
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

function visitControls(presence: PresenceView | undefined, a: ConsoleActions): HTMLElement {
  const phase = presence?.phase ?? "lobby";
  const locked = presence?.locked ?? false;
  const extended = presence?.extendedMinutes ?? 0;
  return h("div", { class: "visit-controls" },
    phase === "paused"
      ? h("button", { type: "button", class: "primary", "data-testid": "resume", onclick: () => a.resume() }, t("console.resume"))
      : h("button", { type: "button", "data-testid": "pause", disabled: phase !== "live", onclick: () => a.pause() }, t("console.pause")),
    h("button", { type: "button", "data-testid": "lock", "aria-pressed": String(locked), onclick: () => a.lock(!locked) }, t(locked ? "console.unlock" : "console.lock")),
    h("span", { class: "extend", role: "group", "aria-label": t("console.extendTitle") },
      ...[5, 10, 15].map((m) => h("button", { type: "button", "data-testid": `extend-${m}`, disabled: extended + m > 30, onclick: () => a.extend(m) }, t("console.extend", { minutes: m })))),
    (presence?.recording ?? "off") === "off"
      ? h("button", { type: "button", "data-testid": "record", onclick: () => a.requestRecording() }, t("console.record"))
      : h("button", { type: "button", "data-testid": "record-stop", onclick: () => a.stopRecording() }, t("console.recordStop")),
    h("button", { type: "button", class: "danger", "data-testid": "end-visit", onclick: () => a.endVisit() }, t("console.endVisit")),
  );
}

function tile(p: ParticipantView, presence: PresenceView | undefined, a: ConsoleActions | null): HTMLElement {
  const family = p.role === "parent" || p.role === "child";
  const paused = presence?.phase === "paused";
  const aside = presence?.aside === p.participantId;
  return h("li", { class: `person role-${p.role}${aside ? " aside" : ""}`, "data-testid": "participant-tile", "data-role": p.role, "data-waiting": String(p.waiting) },
    h("div", { class: "person-head" },
      h("span", { class: "role-badge" }, t(`role.${p.role}` as MessageKey)),
      h("span", { class: "name" }, p.displayName),
      h("span", { class: "status" }, t(p.waiting ? "console.status.waiting" : "console.status.admitted")),
    ),
    h("div", { class: "flags" },
      p.audioMuted ? h("span", { class: "flag", "data-testid": "flag-audio-muted" }, t("console.audioOff")) : null,
      p.videoMuted ? h("span", { class: "flag", "data-testid": "flag-video-muted" }, t("console.videoOff")) : null,
      p.connections > 1 ? h("span", { class: "flag" }, t("console.connections", { count: p.connections })) : null,
      p.pendingDevices > 0 ? h("span", { class: "flag warn", "data-testid": "second-device" }, t("console.secondDevice")) : null,
      aside ? h("span", { class: "flag" }, t("console.asideActive")) : null,
      presence?.recording === "requested"
        ? h("span", { class: "flag", "data-testid": "recording-ack-state" }, t(p.recordingAcknowledged ? "console.recordAcked" : "console.recordWaiting")) : null,
    ),
    a && family ? h("div", { class: "person-controls" },
      p.waiting || p.pendingDevices > 0
        ? h("button", { type: "button", class: "primary", "data-testid": "admit", "data-role": p.role, onclick: () => a.admit(p.participantId) }, t("console.admit"))
        : null,
      p.waiting ? null : h("button", { type: "button", "data-testid": "mute-audio", "data-role": p.role, "aria-pressed": String(p.audioMuted),
        onclick: () => a.muteAudio(p.participantId, !p.audioMuted) }, t(p.audioMuted ? "console.unmuteAudio" : "console.muteAudio")),
      p.waiting ? null : h("button", { type: "button", "data-testid": "mute-video", "data-role": p.role, "aria-pressed": String(p.videoMuted),
        onclick: () => a.muteVideo(p.participantId, !p.videoMuted) }, t(p.videoMuted ? "console.unmuteVideo" : "console.muteVideo")),
      paused && !p.waiting ? h("button", { type: "button", "data-testid": "aside", "data-role": p.role,
        onclick: () => a.setAside(aside ? null : p.participantId) }, t(aside ? "console.asideAll" : "console.aside")) : null,
      h("button", { type: "button", "data-testid": "warn", "data-role": p.role, onclick: () => a.warn(p) }, t("console.warn")),
      h("button", { type: "button", class: "danger", "data-testid": "remove", "data-role": p.role, onclick: () => a.remove(p) }, t("console.remove")),
    ) : null,
  );
}
