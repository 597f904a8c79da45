import ja from "./ja.json";
import en from "./en.json";

export type Lang = "ja" | "en";
export type MessageKey = keyof typeof ja;

const resources: Record<Lang, Record<MessageKey, string>> = { ja, en };
const storageKey = "videovisit.lang";
const listeners = new Set<() => void>();

/** Japanese unless the browser prefers English, or the person chose a language with the switch. */
function initialLang(): Lang {
  const saved = safeStorageGet(storageKey);
  if (saved === "ja" || saved === "en") return saved;
  const preferred = navigator.languages?.length ? navigator.languages : [navigator.language];
  for (const tag of preferred) {
    const primary = tag.toLowerCase().split("-")[0];
    if (primary === "ja") return "ja";
    if (primary === "en") return "en";
  }
  return "ja";
}

let current: Lang = initialLang();

export function lang(): Lang {
  return current;
}

export function setLang(next: Lang): void {
  current = next;
  safeStorageSet(storageKey, next);
  document.documentElement.lang = next;
  listeners.forEach((l) => l());
}

export function onLangChange(listener: () => void): void {
  listeners.add(listener);
}

export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = resources[current][key] ?? resources.ja[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

export function hasKey(key: string): key is MessageKey {
  return key in resources.ja;
}

export function formatTime(iso: string): string {
  const date = new Date(iso);
  return date.toLocaleString(current === "ja" ? "ja-JP" : "en-GB", {
    month: "short", day: "numeric", hour: "2-digit", minute: "2-digit",
  });
}

function safeStorageGet(key: string): string | null {
  try { return localStorage.getItem(key); } catch { return null; }
}

function safeStorageSet(key: string, value: string): void {
  try { localStorage.setItem(key, value); } catch { /* private mode: the choice lasts for this page only */ }
}

document.documentElement.lang = current;
