import { h } from "../dom";
import { onLangChange } from "../i18n/i18n";
import { layout } from "../views/layout";
import { session, signIn, signOut, StaffApiError, takeEndedReason } from "./api";
import { accountsPage } from "./accounts";
import { hasStaffKey, st } from "./i18n";
import { passwordPage } from "./password";
import { recordPage } from "./record";
import { visitsPage } from "./visits";

/**
 * The staff side: /staff (sign-in), /staff/visits (lists, scheduling, links, and each staff member's own visits with
 * their consoles), /staff/visits/{id}/record, /staff/accounts (coordinators) and /staff/password.
 * Every page is drawn from the server's answers; nothing is kept but the login of this tab.
 */
let root: HTMLElement;

export function startStaff(element: HTMLElement): void {
  root = element;
  onLangChange(() => void route());
  window.addEventListener("popstate", () => void route());
  void route();
}

// Pages fetch before they draw, and renders overlap (a reload after an action, a click elsewhere meanwhile): each
// render takes a number and only the newest may draw, so an older one never replaces what came after it.
let latestRender = 0;

/** Starts a render; pass the number to {@link isLatestRender} before drawing. */
export function beginRender(): number {
  return ++latestRender;
}

export function isLatestRender(render: number): boolean {
  return render === latestRender;
}

export function navigate(path: string): void {
  history.pushState(null, "", path);
  void route();
}

/** Draws a page; when the server has ended this login meanwhile (disabled, role or password changed), the sign-in page instead. */
export function show(...content: (Node | null)[]): void {
  if (!session()) {
    void route();
    return;
  }
  root.replaceChildren(layout(header(), ...content));
}

/** A refusal from the server, translated when it has a known code. */
export function problemText(e: unknown): string {
  if (e instanceof StaffApiError) {
    // A validation refusal names its field: "staff.error.family_invalid.childName".
    const fieldKey = `staff.error.${e.code}.${e.field}`;
    if (e.field && hasStaffKey(fieldKey)) return st(fieldKey);
    const key = `staff.error.${e.code}`;
    if (hasStaffKey(key)) return st(key);
    if (e.status === 403) return st("staff.error.forbidden");
    return e.detail || st("staff.error.generic");
  }
  return st("staff.error.generic");
}

export function field(label: string, input: HTMLElement): HTMLElement {
  return h("label", {}, label, input);
}

/** Points at the input a validation refusal names (the inputs carry the API's field names). */
export function markField(form: HTMLFormElement, e: unknown): void {
  for (const input of form.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
  if (!(e instanceof StaffApiError) || !e.field) return;
  const input = form.querySelector<HTMLInputElement>(`[name="${CSS.escape(e.field)}"]`);
  if (!input) return;
  input.setAttribute("aria-invalid", "true");
  input.focus();
}

/** A form's own submit: on success `done` runs; a refusal stays in the form, at the field it names, in the page's language. */
export function formSubmitter(form: HTMLFormElement): (call: () => Promise<unknown>, done: () => void) => void {
  const message = h("p", { class: "action-error", role: "alert", "data-testid": "form-error" });
  form.append(message);
  return (call, done) => {
    message.textContent = "";
    call().then(done, (e: unknown) => {
      markField(form, e);
      message.textContent = problemText(e);
    });
  };
}

async function route(): Promise<void> {
  beginRender();
  const s = session();
  const path = location.pathname.replace(/\/+$/, "");
  if (!s) {
    if (path !== "/staff") history.replaceState(null, "", "/staff");
    root.replaceChildren(layout(loginPage()));
    return;
  }
  // A temporary password set by a coordinator is replaced before anything else.
  if (s.passwordChangeRequired || path === "/staff/password") {
    if (path !== "/staff/password") history.replaceState(null, "", "/staff/password");
    passwordPage(s.passwordChangeRequired);
    return;
  }
  const record = /^\/staff\/visits\/([^/]+)\/record$/.exec(path);
  if (record) {
    await recordPage(decodeURIComponent(record[1]));
  } else if (path === "/staff/accounts" && s.role === "coordinator") {
    await accountsPage(s);
  } else {
    if (path !== "/staff/visits") history.replaceState(null, "", "/staff/visits");
    await visitsPage(s.role);
  }
}

function header(): HTMLElement | null {
  const s = session();
  if (!s) return null;
  const link = (path: string, testId: string, label: string) => h("a", {
    href: path, "data-testid": testId, "aria-current": location.pathname === path ? "page" : undefined,
    onclick: (event: Event) => { event.preventDefault(); navigate(path); },
  }, label);
  return h("div", { class: "staff-bar" },
    h("nav", { class: "staff-nav" },
      link("/staff/visits", "staff-nav-visits", st("staff.nav.visits")),
      s.role === "coordinator" ? link("/staff/accounts", "staff-nav-accounts", st("staff.nav.accounts")) : null,
      link("/staff/password", "staff-nav-password", st("staff.nav.password"))),
    h("span", { "data-testid": "staff-signed-in", "data-role": s.role }, st("staff.signedIn", { name: s.displayName, role: st(`staff.role.${s.role}`) })),
    h("button", { type: "button", "data-testid": "staff-logout", onclick: () => { signOut(); navigate("/staff"); } }, st("staff.logout")));
}

function loginPage(): HTMLElement {
  const user = h("input", { name: "username", autocomplete: "username", required: true, "data-testid": "staff-user" });
  const password = h("input", { name: "password", type: "password", autocomplete: "current-password", required: true, "data-testid": "staff-password" });
  const ended = `staff.error.${takeEndedReason()}`;
  const message = h("p", { class: "action-error", role: "alert", "data-testid": "staff-login-error" }, hasStaffKey(ended) ? st(ended) : "");
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
      message.textContent = e instanceof StaffApiError && e.code === "login_disabled" ? st("staff.login.disabled")
        : e instanceof StaffApiError && e.status === 423 ? st("staff.login.locked")
        : e instanceof StaffApiError && e.status === 401 ? st("staff.login.failed") : problemText(e);
    });
  });
  return form;
}
