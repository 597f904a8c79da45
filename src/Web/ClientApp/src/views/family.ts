import { h } from "../dom";
import { formatTime, t, type MessageKey } from "../i18n/i18n";
import type { AppState } from "../store";
import { recordingNotice } from "./recording";
import { minutesLeft, timeLeft } from "./time";

export interface FamilyActions {
  requestHelp(): void;
  acknowledgeRecording(): void;
  dismissWarning(): void;
}

type StatusKey = "waitingSupervisor" | "waitingAdmission" | "live" | "paused" | "pausedAway" | "ended" | "removed" | "secondDevice";

/** The parent's and the child's page: one big, calm message about where the visit is, and little else. */
export function familyView(state: AppState, actions: FamilyActions, stage: HTMLElement | null): HTMLElement {
  const lobby = state.lobby;
  const visitState = lobby?.state ?? "lobby";
  const session = state.session!;
  const key = statusKey(state);
  const body = key === "paused" && lobby?.asideWithMe ? t("lobby.body.aside") : t(`lobby.body.${key}` as MessageKey);
  const left = visitState === "ended" ? null : timeLeft(lobby?.endsAt ?? session.visit.endsAt);

  return h("section", { class: `family state-${visitState}`, "data-testid": "family-page", "data-state": visitState, "data-role": session.role },
    state.warning ? h("div", { class: "banner warning", role: "alert", "data-testid": "warning-banner" },
      h("strong", {}, t("family.warning")), h("p", {}, state.warning.text),
      h("button", { type: "button", onclick: () => actions.dismissWarning() }, t("family.warning.close"))) : null,
    (state.timeWarning !== undefined || lobby?.endingSoon) && visitState !== "ended"
      ? h("div", { class: "banner time", role: "status", "data-testid": "time-warning" },
        t("family.timeWarning", { minutes: minutesLeft(lobby?.endsAt ?? session.visit.endsAt) })) : null,
    visitState !== "ended" ? recordingNotice(lobby?.recording, lobby?.recordingAcknowledged ?? false, () => actions.acknowledgeRecording()) : null,
    stage && visitState !== "ended" ? stage : null,
    h("div", { class: "status-card", "data-testid": "lobby-status", "data-status": key },
      h("div", { class: `status-icon icon-${key}`, "aria-hidden": "true" }),
      h("h1", {}, t(`lobby.title.${key}` as MessageKey)),
      h("p", { class: "status-body" }, body),
      left ? h("p", { class: "countdown", "data-testid": "countdown", "data-ends-at": lobby?.endsAt ?? session.visit.endsAt }, t("family.timeLeft", { time: left })) : null,
    ),
    lobby?.audioMuted ? h("p", { class: "muted-note", "data-testid": "muted-audio" }, t("family.muted.audio")) : null,
    lobby?.videoMuted ? h("p", { class: "muted-note", "data-testid": "muted-video" }, t("family.muted.video")) : null,
    session.role === "child" && visitState !== "ended" ? helpButton(state, actions) : null,
    h("p", { class: "me" }, t("lobby.you", { name: session.displayName })),
    h("p", { class: "window" }, t("lobby.window", { start: formatTime(session.visit.startsAt), end: formatTime(lobby?.endsAt ?? session.visit.endsAt) })),
  );
}

function helpButton(state: AppState, actions: FamilyActions): HTMLElement {
  return h("div", { class: "help" },
    h("button", { type: "button", class: "stop-help", "data-testid": "stop-help", onclick: () => actions.requestHelp() }, t("child.stopHelp")),
    state.notice ? h("p", { class: "help-sent", role: "status", "data-testid": "help-sent" }, state.notice) : null,
  );
}

function statusKey(state: AppState): StatusKey {
  const lobby = state.lobby;
  if (!lobby) return "waitingSupervisor";
  if (lobby.removed) return "removed";
  switch (lobby.state) {
    case "ended": return "ended";
    case "paused": return lobby.pauseReason === "supervisor_away" ? "pausedAway" : "paused";
    case "live": return "live";
    default:
      if (lobby.secondDevice) return "secondDevice";
      return lobby.supervisorPresent ? "waitingAdmission" : "waitingSupervisor";
  }
}
