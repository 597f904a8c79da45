import { h } from "../dom";
import { changeOwnPassword } from "./api";
import { field, formSubmitter, show } from "./app";
import { st } from "./i18n";

/**
 * /staff/password: the signed-in person changes their own password, given the current one. After a coordinator set
 * a temporary password this page comes first, before anything else.
 */
export function passwordPage(required: boolean, done = false): void {
  const current = h("input", { name: "currentPassword", type: "password", required: true, autocomplete: "current-password", "data-testid": "password-current" });
  const next = h("input", { name: "newPassword", type: "password", required: true, minlength: 12, autocomplete: "new-password", "data-testid": "password-new" });
  const repeat = h("input", { name: "repeat", type: "password", required: true, minlength: 12, autocomplete: "new-password", "data-testid": "password-repeat" });
  const form = h("form", { class: "staff-card staff-form", "data-testid": "password-form" },
    h("h1", {}, st("staff.password.title")),
    required ? h("p", { role: "status", "data-testid": "password-required" }, st("staff.password.required")) : null,
    done ? h("p", { class: "staff-notice", role: "status", "data-testid": "staff-notice" }, st("staff.password.done")) : null,
    field(st("staff.password.current"), current),
    field(st("staff.password.new"), next),
    field(st("staff.password.repeat"), repeat),
    h("button", { type: "submit", class: "primary", "data-testid": "password-submit" }, st("staff.password.submit")));
  const submit = formSubmitter(form);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (next.value !== repeat.value) {
      repeat.setCustomValidity(st("staff.password.mismatch"));
      repeat.reportValidity();
      repeat.addEventListener("input", () => repeat.setCustomValidity(""), { once: true });
      return;
    }
    submit(() => changeOwnPassword(current.value, next.value), () => passwordPage(false, true));
  });
  show(form);
}
