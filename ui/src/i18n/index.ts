/**
 * English and Simplified Chinese. Each page keeps its own messages beside it (defineMessages), so
 * a page is one folder of work; the shared words live in ./common.ts. The browser's language is
 * the default; the user's choice is remembered.
 */
import { createRoot, createSignal } from "solid-js";
import { common } from "./common";
import type { Locale, Messages } from "./locale";

export type { Locale } from "./locale";
export { defineMessages, LOCALES, type Messages } from "./locale";

const STORAGE_KEY = "octopus.locale";

function initialLocale(): Locale {
  const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
  if (saved === "en" || saved === "zh") return saved;
  const languages = globalThis.navigator?.languages ?? [];
  return languages.some((l) => l.toLowerCase().startsWith("zh")) && !languages[0]?.toLowerCase().startsWith("en") ? "zh" : "en";
}

const [locale, setLocaleSignal] = createRoot(() => createSignal<Locale>(initialLocale()));
export { locale };

export function setLocale(next: Locale) {
  setLocaleSignal(next);
  globalThis.localStorage?.setItem(STORAGE_KEY, next);
  if (globalThis.document) document.documentElement.lang = next === "zh" ? "zh-CN" : "en";
}
if (globalThis.document) document.documentElement.lang = locale() === "zh" ? "zh-CN" : "en";


/** Fills `{name}` placeholders. */
export function interpolate(text: string, params?: Record<string, string | number>): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A translator for one set of messages, reactive to the language. */
export function translator<T extends Record<string, string>>(messages: Messages<T>) {
  return (key: keyof T & string, params?: Record<string, string | number>) => interpolate(messages[locale()][key] ?? messages.en[key] ?? key, params);
}

/** The shared words: buttons, states, navigation. */
export const t = translator(common);
