import { h } from "../dom";
import { onLangChange } from "../i18n/i18n";
import { layout } from "../views/layout";
import { session, signIn, signOut, StaffApiError } from "./api";
import { hasStaffKey, st } from "./i18n";
import { recordPage } from "./record";
import { visitsPage } from "./visits";

/**
 * The staff side: /staff (sign-in), /staff/visits (lists, scheduling, links) and /staff/visits/{id}/record.
 * Every page is drawn from the server's answers; nothing is kept but the login of this tab.
 */
let root: HTMLElement;

export function startStaff(element: HTMLElement): void {
  root = element;
  onLangChange(() => void route());
  window.addEventListener("popstate", () => void route());
  void route();
}

export function navigate(path: string): void {
  history.pushState(null, "", path);
  void route();
}

export function show(...content: (Node | null)[]): void {
  root.replaceChildren(layout(header(), ...content));
}

/** A refusal from the server, translated when it has a known code. */
export function problemText(e: unknown): string {
  if (e instanceof StaffApiError) {
    if (e.status === 403) return st("staff.error.forbidden");
    const key = `staff.error.${e.code}`;
    if (hasStaffKey(key)) return st(key);
    return e.detail || st("staff.error.generic");
  }
  return st("staff.error.generic");
}

async function route(): Promise<void> {
  const s = session();
  const path = location.pathname.replace(/\/+$/, "");
  if (!s) {
    if (path !== "/staff") history.replaceState(null, "", "/staff");
    show(loginPage());
    return;
  }
  const record = /^\/staff\/visits\/([^/]+)\/record$/.exec(path);
  if (record) {
    await recordPage(decodeURIComponent(record[1]));
  } else {
    if (path !== "/staff/visits") history.replaceState(null, "", "/staff/visits");
    await visitsPage(s.role);
  }
}

function header(): HTMLElement | null {
  const s = session();
  if (!s) return null;
  return h("div", { class: "staff-bar" },
    h("span", { "data-testid": "staff-signed-in", "data-role": s.role }, st("staff.signedIn", { name: s.displayName, role: st(`staff.role.${s.role}`) })),
    h("button", { type: "button", "data-testid": "staff-logout", onclick: () => { signOut(); navigate("/staff"); } }, st("staff.logout")));
}

function loginPage(): HTMLElement {
  const user = h("input", { name: "username", autocomplete: "username", required: true, "data-testid": "staff-user" });
  const password = h("input", { name: "password", type: "password", autocomplete: "current-password", required: true, "data-testid": "staff-password" });
  const message = h("p", { class: "action-error", role: "alert", "data-testid": "staff-login-error" });
  const form = h("form", { class: "staff-card staff-login", "data-testid": "staff-login" },
    h("h1", {}, st("staff.login.title")),
    h("label", {}, st("staff.login.user"), user),
    h("label", {}, st("staff.login.password"), password),
    message,
    h("button", { type: "submit", class: "primary", "data-testid": "staff-login-submit" }, st("staff.login.submit")));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    message.textContent = "";
    signIn(user.value.trim(), password.value).then(() => navigate("/staff/visits"), (e: unknown) => {
      message.textContent = e instanceof StaffApiError && e.status === 423 ? st("staff.login.locked")
        : e instanceof StaffApiError && e.status === 401 ? st("staff.login.failed") : problemText(e);
    });
  });
  return form;
}
