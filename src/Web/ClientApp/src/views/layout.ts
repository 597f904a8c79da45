import { h } from "../dom";
import { lang, setLang, t } from "../i18n/i18n";

/** The frame of every page: the product name and the language switch. */
export function layout(...content: (Node | null)[]): HTMLElement {
  const switchLang = h("button", {
    type: "button",
    class: "lang-switch",
    "data-testid": "lang-switch",
    "aria-label": t("lang.switch"),
    onclick: () => setLang(lang() === "ja" ? "en" : "ja"),
  }, t("lang.switch"));
  return h("div", { class: "page" },
    h("header", { class: "topbar" }, h("span", { class: "brand" }, t("app.name")), switchLang),
    h("main", { class: "content" }, ...content),
  );
}
