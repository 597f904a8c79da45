import { h } from "../dom";
import { formatTime, hasKey, t } from "../i18n/i18n";

/**
 * A clear, translated page for a link that cannot be used, with the reason; or, opened from a staff login, for a
 * console that cannot be opened, with the way back to the staff's own visits.
 */
export function errorView(code: string, opensAt?: string, fromStaff = false): HTMLElement {
  const key = `error.${code}`;
  const message = hasKey(key) ? t(key) : t("error.generic");
  return h("section", { class: "error", "data-testid": "error-page", "data-code": code, role: "alert" },
    h("h1", {}, t(fromStaff ? "error.console.title" : "error.title")),
    h("p", { class: "error-message", "data-testid": "error-message" }, message),
    opensAt ? h("p", {}, t("error.opensAt", { time: formatTime(opensAt) })) : null,
    h("button", { type: "button", onclick: () => location.reload() }, t("error.retry")),
    fromStaff ? h("button", { type: "button", "data-testid": "back-to-staff", onclick: () => location.assign("/staff/visits") }, t("error.backToStaff")) : null,
  );
}

export function homeView(): HTMLElement {
  return h("section", { class: "home", "data-testid": "home-page" }, h("h1", {}, t("home.title")), h("p", {}, t("home.body")));
}

export function connectingView(): HTMLElement {
  return h("section", { class: "connecting", "data-testid": "connecting" }, h("p", {}, t("join.connecting")));
}

/** After leaving the visit on this device: said plainly, with the way back in (the link still works). */
export function leftView(child: boolean): HTMLElement {
  return h("section", { class: "connecting left", "data-testid": "left-page" },
    h("h1", {}, t(child ? "child.family.left.title" : "family.left.title")),
    h("p", {}, t(child ? "child.family.left.body" : "family.left.body")),
    h("button", { type: "button", class: "primary", "data-testid": "rejoin", onclick: () => location.reload() }, t(child ? "child.family.rejoin" : "family.rejoin")));
}
