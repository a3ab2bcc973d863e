export type Locale = "en" | "zh";
export const LOCALES: { id: Locale; name: string }[] = [
  { id: "en", name: "English" },
  { id: "zh", name: "简体中文" },
];
