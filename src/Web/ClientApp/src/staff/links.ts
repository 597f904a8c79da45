import { h } from "../dom";
import type { InvitationLink } from "./api";
import { roleLabel, st } from "./i18n";

/**
 * Freshly issued links with their QR codes. Shown once: the server keeps only each code's hash, so a lost link is
 * replaced, not looked up again.
 */
export function linksPanel(links: InvitationLink[], onClose: () => void): HTMLElement {
  return h("section", { class: "staff-card issued-links", "data-testid": "issued-links" },
    h("h2", {}, st("staff.links.title")),
    h("p", { class: "staff-hint" }, st("staff.links.once")),
    h("ul", { class: "link-list" }, ...links.map(linkItem)),
    h("button", { type: "button", "data-testid": "issued-links-close", onclick: onClose }, st("staff.links.close")));
}

function linkItem(link: InvitationLink): HTMLElement {
  const copy = h("button", { type: "button" }, st("staff.links.copy"));
  copy.addEventListener("click", () => {
    navigator.clipboard?.writeText(link.url).then(() => { copy.textContent = st("staff.links.copied"); }, () => { /* no clipboard: select by hand */ });
  });
  return h("li", { class: `link-item role-${link.role}`, "data-testid": "issued-link", "data-role": link.role },
    h("img", { src: link.qrCodePng, alt: st("staff.links.qr", { name: link.displayName }), width: 160, height: 160, "data-testid": "issued-link-qr" }),
    h("div", {},
      h("div", {}, h("span", { class: "role-badge" }, roleLabel(link.role)), " ", h("strong", {}, link.displayName)),
      h("a", { href: link.url, target: "_blank", rel: "noreferrer", "data-testid": "issued-link-url", "data-role": link.role }, link.url),
      copy));
}
