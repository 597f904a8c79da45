import { h } from "../dom";
import { formatTime, t, type MessageKey } from "../i18n/i18n";
import type { AppState } from "../store";

/** The parent's and the child's page: one big, calm message about where the visit is. */
export function familyView(state: AppState): HTMLElement {
  const lobby = state.lobby;
  const visitState = lobby?.state ?? "lobby";
  let key: "waitingSupervisor" | "waitingAdmission" | "live" | "paused" | "ended";
  if (visitState === "lobby") key = lobby?.supervisorPresent ? "waitingAdmission" : "waitingSupervisor";
  else key = visitState;

  const session = state.session!;
  return h("section", { class: `family state-${visitState}`, "data-testid": "family-page", "data-state": visitState, "data-role": session.role },
    h("div", { class: "status-card", "data-testid": "lobby-status", "data-status": key },
      h("div", { class: `status-icon icon-${key}`, "aria-hidden": "true" }),
      h("h1", {}, t(`lobby.title.${key}` as MessageKey)),
      h("p", { class: "status-body" }, t(`lobby.body.${key}` as MessageKey)),
    ),
    h("p", { class: "me" }, t("lobby.you", { name: session.displayName })),
    h("p", { class: "window" }, t("lobby.window", { start: formatTime(session.visit.startsAt), end: formatTime(session.visit.endsAt) })),
  );
}
