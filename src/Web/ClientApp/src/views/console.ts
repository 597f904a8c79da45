import { h } from "../dom";
import { t, type MessageKey } from "../i18n/i18n";
import type { ParticipantView } from "../hub";
import type { AppState } from "../store";

export interface ConsoleActions {
  admit(participantId: string): void;
}

/** The supervisor's console: who is waiting (with Admit), who is in the visit. Works on a phone and a laptop. */
export function consoleView(state: AppState, actions: ConsoleActions): HTMLElement {
  const session = state.session!;
  const people = state.presence?.participants ?? [];
  const waiting = people.filter((p) => p.waiting);
  const present = people.filter((p) => !p.waiting);
  const canAdmit = session.role === "supervisor";

  return h("section", { class: "console", "data-testid": "supervisor-console", "data-role": session.role },
    h("h1", {}, t("console.title")),
    h("p", { class: "visit-title" }, t("console.visit", { title: session.visit.title })),
    state.actionError ? h("p", { class: "action-error", role: "alert", "data-testid": "action-error" }, state.actionError) : null,
    h("h2", {}, t("console.waiting")),
    h("ul", { class: "people waiting", "data-testid": "waiting-list" },
      ...(waiting.length ? waiting.map((p) => personRow(p, canAdmit ? actions : null)) : [h("li", { class: "empty" }, t("console.nobodyWaiting"))]),
    ),
    h("h2", {}, t("console.present")),
    h("ul", { class: "people present", "data-testid": "present-list" },
      ...(present.length ? present.map((p) => personRow(p, null)) : [h("li", { class: "empty" }, t("console.nobodyPresent"))]),
    ),
  );
}

function personRow(p: ParticipantView, actions: ConsoleActions | null): HTMLElement {
  return h("li", { class: `person role-${p.role}`, "data-testid": "participant-tile", "data-role": p.role, "data-waiting": String(p.waiting) },
    h("span", { class: "role-badge" }, t(`role.${p.role}` as MessageKey)),
    h("span", { class: "name" }, p.displayName),
    h("span", { class: "status" }, t(p.waiting ? "console.status.waiting" : "console.status.admitted")),
    p.connections > 1 ? h("span", { class: "devices" }, t("console.connections", { count: p.connections })) : null,
    actions ? h("button", { type: "button", class: "primary", "data-testid": "admit", "data-role": p.role, onclick: () => actions.admit(p.participantId) }, t("console.admit")) : null,
  );
}
