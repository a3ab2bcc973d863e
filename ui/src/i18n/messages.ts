export type Messages<T extends Record<string, string>> = { en: T; zh: { [K in keyof T]: string } };

/** A page's messages: Chinese must have every English key (the type checker says which is missing). */
export const defineMessages = <T extends Record<string, string>>(en: T, zh: { [K in keyof T]: string }): Messages<T> => ({ en, zh });
