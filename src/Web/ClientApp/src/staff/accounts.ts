import { h } from "../dom";
import { formatTime } from "../i18n/i18n";
import { api, type StaffAccount, type StaffRole, type StaffSession } from "./api";
import { field, formSubmitter, problemText, show } from "./app";
import { st } from "./i18n";

const roles: StaffRole[] = ["supervisor", "observer", "coordinator"];

/**
 * /staff/accounts (coordinators): every staff account with its status; change a name or role, disable a leaver's
 * account (their open sessions end at once), enable it again, set a temporary password; add accounts.
 */
export async function accountsPage(me: StaffSession, error = "", notice = ""): Promise<void> {
  let accounts: StaffAccount[];
  try {
    accounts = await api.staff();
  } catch (e) {
    show(h("p", { class: "action-error", role: "alert", "data-testid": "staff-error" }, problemText(e)));
    return;
  }
  const reload: Reload = (message = "", note = "") => void accountsPage(me, message, note);
  const act: Act = (call, note = "") => call().then(() => reload("", note), (e: unknown) => reload(problemText(e)));
  show(
    h("h1", {}, st("staff.accounts.title")),
    error ? h("p", { class: "action-error", role: "alert", "data-testid": "staff-error" }, error) : null,
    notice ? h("p", { class: "staff-notice", role: "status", "data-testid": "staff-notice" }, notice) : null,
    h("ul", { class: "visits", "data-testid": "accounts" }, ...accounts.map((a) => accountItem(a, a.id === me.accountId, act, reload))),
    staffForm(() => reload(), (message) => reload(message)),
  );
}

type Act = (call: () => Promise<unknown>, note?: string) => void;
type Reload = (error?: string, note?: string) => void;

function status(a: StaffAccount): string {
  const parts = [a.status === "disabled"
    ? st("staff.accounts.disabledSince", { time: formatTime(a.disabledAt ?? "") })
    : st("staff.accounts.active")];
  if (a.lockedUntil) parts.push(st("staff.accounts.locked", { time: formatTime(a.lockedUntil) }));
  if (a.passwordChangeRequired) parts.push(st("staff.accounts.temporaryPassword"));
  return parts.join(" · ");
}

function accountItem(a: StaffAccount, self: boolean, act: Act, reload: Reload): HTMLElement {
  const disabled = a.status === "disabled";
  return h("li", { class: `staff-card account role-${a.role}${disabled ? " disabled" : ""}`, "data-testid": "account", "data-user": a.userName, "data-status": a.status },
    h("div", { class: "visit-head" },
      h("strong", { "data-testid": "account-display" }, a.displayName),
      h("span", { class: "staff-hint" }, a.userName, self ? ` ${st("staff.accounts.you")}` : ""),
      h("span", { class: "role-badge", "data-testid": "account-role-label" }, st(`staff.role.${a.role}`)),
      h("span", { class: disabled ? "action-error" : "staff-hint", "data-testid": "account-status" }, status(a))),
    h("div", { class: "visit-actions" },
      disabled
        ? h("button", {
          type: "button", "data-testid": "account-enable",
          onclick: () => confirm(st("staff.accounts.enable.confirm", { name: a.displayName })) && act(() => api.enableStaff(a.id)),
        }, st("staff.accounts.enable"))
        : h("button", {
          type: "button", "data-testid": "account-disable",
          onclick: () => confirm(st("staff.accounts.disable.confirm", { name: a.displayName })) && act(() => api.disableStaff(a.id)),
        }, st("staff.accounts.disable"))),
    editForm(a, reload),
    resetForm(a, reload));
}

function editForm(a: StaffAccount, reload: Reload): HTMLElement {
  const name = h("input", { name: "displayName", required: true, maxlength: 100, value: a.displayName, "data-testid": "account-edit-name" });
  const role = h("select", { name: "role", "data-testid": "account-edit-role" },
    ...roles.map((r) => h("option", { value: r, selected: r === a.role }, st(`staff.role.${r}`))));
  const form = h("form", { class: "staff-form" },
    field(st("staff.account.name"), name),
    field(st("staff.account.role"), role),
    h("p", { class: "staff-hint" }, st("staff.accounts.roleHint")),
    h("button", { type: "submit", "data-testid": "account-edit-save" }, st("staff.accounts.save")));
  const submit = formSubmitter(form);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const change: { displayName?: string; role?: StaffRole } = {};
    if (name.value.trim() !== a.displayName) change.displayName = name.value.trim();
    if (role.value !== a.role) change.role = role.value as StaffRole;
    if (change.displayName === undefined && change.role === undefined) return;
    submit(() => api.updateStaff(a.id, change), () => reload("", st("staff.accounts.saved")));
  });
  return h("details", { class: "account-edit" }, h("summary", { "data-testid": "account-edit" }, st("staff.accounts.edit")), form);
}

function resetForm(a: StaffAccount, reload: Reload): HTMLElement {
  const password = h("input", { name: "password", type: "password", required: true, minlength: 12, autocomplete: "new-password", "data-testid": "account-reset-password" });
  const form = h("form", { class: "staff-form" },
    field(st("staff.accounts.reset.password"), password),
    h("button", { type: "submit", "data-testid": "account-reset-save" }, st("staff.accounts.reset.submit")));
  const submit = formSubmitter(form);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submit(() => api.resetPassword(a.id, password.value), () => reload("", st("staff.accounts.reset.done", { name: a.displayName })));
  });
  return h("details", { class: "account-reset" }, h("summary", { "data-testid": "account-reset" }, st("staff.accounts.reset")), form);
}

/** Supervisors and observers need an account before they can be chosen for a visit. */
function staffForm(onAdded: () => void, onError: (message: string) => void): HTMLElement {
  const user = h("input", { name: "userName", required: true, maxlength: 100, autocomplete: "off", "data-testid": "account-user" });
  const name = h("input", { name: "displayName", maxlength: 100, "data-testid": "account-name" });
  const role = h("select", { name: "role", "data-testid": "account-role" },
    ...roles.map((r) => h("option", { value: r }, st(`staff.role.${r}`))));
  const password = h("input", { name: "password", type: "password", required: true, minlength: 12, autocomplete: "new-password", "data-testid": "account-password" });
  const form = h("form", { class: "staff-card staff-form", "data-testid": "account-form" },
    h("h2", {}, st("staff.account.title")),
    field(st("staff.account.user"), user),
    field(st("staff.account.name"), name),
    field(st("staff.account.role"), role),
    field(st("staff.account.password"), password),
    h("button", { type: "submit", "data-testid": "account-submit" }, st("staff.account.submit")));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    api.addStaff({ userName: user.value.trim(), displayName: name.value.trim(), role: role.value as StaffRole, password: password.value })
      .then(onAdded, (e: unknown) => onError(problemText(e)));
  });
  return form;
}
