import { h } from "../dom";
import { t } from "../i18n/i18n";
import type { AppState } from "../store";

/**
 * The child's stop/help button (docs/safeguarding.md, S4), docked to the bottom of the screen (to the side on a phone
 * held sideways) above everything else, so no banner, picture or scroll position can push it away. Built once and kept
 * outside the redrawn page, so a press is never lost to a redraw; its state shows on the button itself. What it says
 * is honest: "told the supervisor" only while a supervisor is there; otherwise that nobody is there yet and the
 * supervisor will be told on arrival.
 */
export function helpDock(press: () => void): { element: HTMLElement; update(state: AppState): void } {
  const label = h("span", { class: "stop-help-label" });
  const button = h("button", { type: "button", class: "stop-help", "data-testid": "stop-help", "data-state": "idle", onclick: () => press() }, label);
  const message = h("p", { class: "help-sent", role: "status", "data-testid": "help-sent", hidden: true });
  // Hidden until a render shows it: the staff pages share this script and never show it.
  const element = h("div", { class: "help-dock", "data-testid": "help-dock", hidden: true }, message, button);

  const update = (state: AppState) => {
    const lobby = state.lobby;
    const show = state.page === "family" && state.session?.role === "child" && lobby?.state !== "ended" && !lobby?.removed;
    element.hidden = !show;
    document.body.classList.toggle("has-help-dock", show);
    if (!show) return;
    button.dataset.state = state.help;
    label.textContent = t(state.help === "sending" ? "child.stopHelp.sending" : state.help === "sent" ? "child.stopHelp.sentButton" : "child.stopHelp");
    const text = state.help === "failed" ? t("child.stopHelp.failed")
      : state.help === "sent" ? t(lobby?.supervisorPresent ? "child.stopHelp.sent" : "child.stopHelp.nobody")
        : "";
    if (message.textContent !== text) message.textContent = text;
    message.hidden = !text;
    message.dataset.kind = state.help === "sent" && !lobby?.supervisorPresent ? "nobody" : state.help;
  };
  return { element, update };
}
