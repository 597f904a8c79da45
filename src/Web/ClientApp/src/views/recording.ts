import { h } from "../dom";
import { t } from "../i18n/i18n";

/**
 * The recording notice (docs/safeguarding.md S9): while recording is asked for, everyone sees why and acknowledges it;
 * while it runs, a notice stays on screen.
 */
export function recordingNotice(state: "off" | "requested" | "on" | undefined, acknowledged: boolean, acknowledge: () => void): HTMLElement | null {
  if (state === "on") {
    // Someone who arrives while recording is told first and recorded only once they acknowledge.
    return h("div", { class: "banner recording", role: "status", "data-testid": "recording-notice" }, t("recording.on"),
      acknowledged ? null : h("p", {}, t("recording.onAsk")),
      acknowledged ? null : h("button", { type: "button", class: "primary", "data-testid": "recording-ack", onclick: () => acknowledge() }, t("recording.ack")));
  }
  if (state === "requested") {
    return h("div", { class: "banner recording-request", role: "alert", "data-testid": "recording-request" },
      h("p", {}, t("recording.requested")),
      acknowledged
        ? h("p", { class: "muted" }, t("recording.acked"))
        : h("button", { type: "button", class: "primary", "data-testid": "recording-ack", onclick: () => acknowledge() }, t("recording.ack")));
  }
  return null;
}
