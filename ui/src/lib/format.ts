/** Numbers, money, durations and times for people, in the panel's language and the browser's zone. */
import type { Locale } from "../i18n/locale";

const tag = (locale: Locale) => (locale === "zh" ? "zh-CN" : "en-US");

/** 950, 1.2k, 3.4M (1.2万 in Chinese): counts at a glance. */
export function compact(n: number | null | undefined, locale: Locale = "en"): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "–";
  if (Math.abs(n) < 1000) return integer(n, locale);
  return new Intl.NumberFormat(tag(locale), { notation: "compact", maximumFractionDigits: 1 }).format(n);
}

/** 12,345: an exact count. */
export const integer = (n: number | null | undefined, locale: Locale = "en") =>
  n === null || n === undefined || !Number.isFinite(n) ? "–" : new Intl.NumberFormat(tag(locale), { maximumFractionDigits: 0 }).format(n);

/** $12.35, $0.0042, $0: two decimals from a dollar up, four significant digits below. */
export function money(usd: number | null | undefined, locale: Locale = "en"): string {
  if (usd === null || usd === undefined || !Number.isFinite(usd)) return "–";
  if (usd === 0) return "$0";
  const abs = Math.abs(usd);
  const options: Intl.NumberFormatOptions =
    abs >= 1 ? { minimumFractionDigits: 2, maximumFractionDigits: 2 } : abs >= 0.0001 ? { maximumSignificantDigits: 2 } : { maximumSignificantDigits: 1 };
  if (abs >= 1000) return "$" + compact(usd, locale);
  return (usd < 0 ? "-$" : "$") + new Intl.NumberFormat(tag(locale), options).format(abs);
}

/** A price per million tokens as typed by users: up to 4 decimals, no trailing zeros. */
export const perMillion = (usd: number, locale: Locale = "en") =>
  "$" + new Intl.NumberFormat(tag(locale), { maximumFractionDigits: 4 }).format(usd);

/** 0.973 → 97.3%. */
export function percent(ratio: number | null | undefined, locale: Locale = "en"): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return "–";
  const digits = ratio > 0 && ratio < 0.999 && ratio > 0.001 ? 1 : 0;
  return new Intl.NumberFormat(tag(locale), { style: "percent", maximumFractionDigits: digits, minimumFractionDigits: digits }).format(ratio);
}

/** 350 ms, 1.2 s, 2 min 5 s. */
export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "–";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1).replace(/\.?0+$/, "")} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return seconds ? `${minutes} min ${seconds} s` : `${minutes} min`;
}

/** A moment in the browser's zone: today shows the time only, this year omits the year. */
export function dateTime(ms: number | null | undefined, locale: Locale = "en", now = Date.now()): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "–";
  const d = new Date(ms);
  const today = new Date(now);
  const sameDay = d.toDateString() === today.toDateString();
  const options: Intl.DateTimeFormatOptions = sameDay
    ? { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false }
    : { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hour12: false, ...(d.getFullYear() !== today.getFullYear() && { year: "numeric" }) };
  return new Intl.DateTimeFormat(tag(locale), options).format(d);
}

/** A moment in full, to the second, with its zone: for a detail view. */
export const fullDateTime = (ms: number, locale: Locale = "en") =>
  new Intl.DateTimeFormat(tag(locale), { dateStyle: "medium", timeStyle: "long", hour12: false }).format(new Date(ms));

/** A calendar day as "Dec 2" (or "12月2日"). */
export const day = (ms: number, locale: Locale = "en") => new Intl.DateTimeFormat(tag(locale), { month: "short", day: "numeric" }).format(new Date(ms));

/** "in 3 days", "5 min ago". */
export function relative(ms: number, locale: Locale = "en", now = Date.now()): string {
  const diff = ms - now;
  const abs = Math.abs(diff);
  const rtf = new Intl.RelativeTimeFormat(tag(locale), { numeric: "auto" });
  if (abs < 60_000) return rtf.format(Math.round(diff / 1000), "second");
  if (abs < 3_600_000) return rtf.format(Math.round(diff / 60_000), "minute");
  if (abs < 86_400_000) return rtf.format(Math.round(diff / 3_600_000), "hour");
  return rtf.format(Math.round(diff / 86_400_000), "day");
}

/** 1.2 KB, 3.4 MB. */
export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1).replace(/\.0$/, "")} KB`;
  return `${(n / 1024 / 1024).toFixed(1).replace(/\.0$/, "")} MB`;
}
