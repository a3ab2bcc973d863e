/** Light, dark, or the system's choice (the default), remembered in the browser. */
import { createRoot, createSignal } from "solid-js";

export type Theme = "system" | "light" | "dark";
const STORAGE_KEY = "octopus.theme";

const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
const [theme, setThemeSignal] = createRoot(() => createSignal<Theme>(saved === "light" || saved === "dark" ? saved : "system"));
export { theme };

function apply(value: Theme) {
  if (!globalThis.document) return;
  if (value === "system") delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = value;
}
apply(theme());

export function setTheme(value: Theme) {
  setThemeSignal(value);
  globalThis.localStorage?.setItem(STORAGE_KEY, value);
  apply(value);
}

/** Whether dark colours are showing now (for charts, which cannot read CSS light-dark()). */
export function isDark(): boolean {
  const value = theme();
  if (value !== "system") return value === "dark";
  return globalThis.matchMedia?.("(prefers-color-scheme: dark)").matches ?? false;
}
