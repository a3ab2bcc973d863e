export type Locale = "en" | "zh";
export const LOCALES: { id: Locale; name: string }[] = [
  { id: "en", name: "English" },
  { id: "zh", name: "简体中文" },
];

export type Messages<T extends Record<string, string>> = { en: T; zh: { [K in keyof T]: string } };

/**
 * A page's messages: Chinese must have every English key (the type checker says which is missing).
 * Lives here, not in index.ts, because common.ts needs it while index.ts is still importing common.ts.
 */
export const defineMessages = <T extends Record<string, string>>(en: T, zh: { [K in keyof T]: string }): Messages<T> => ({ en, zh });
