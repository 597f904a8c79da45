import { hasKey, lang, t } from "../i18n/i18n";
import ja from "../i18n/staff-ja.json";
import en from "../i18n/staff-en.json";

/** The staff pages' strings, kept apart from the family pages' so each side can grow without touching the other. */
export type StaffKey = keyof typeof ja;

// Both directions: a key missing from either file fails the TypeScript build.
const resources: Record<"ja" | "en", Record<StaffKey, string>> = { ja, en };
const enKeysInJa: Record<keyof typeof en, string> = ja;
void enKeysInJa;

export function st(key: StaffKey, params: Record<string, string | number> = {}): string {
  const template = resources[lang()][key] ?? resources.ja[key];
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

export function hasStaffKey(key: string): key is StaffKey {
  return key in ja;
}

/** A seat's role (supervisor, parent, child, observer) with the family pages' wording. */
export function roleLabel(role: string): string {
  const key = `role.${role}`;
  return hasKey(key) ? t(key) : role;
}
