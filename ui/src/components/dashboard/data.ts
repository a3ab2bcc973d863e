/**
 * Shapes the stats API's rows for the dashboard: time series with zeros where there was no
 * traffic, the year grid of the activity heatmap, and top-N lists. Keys follow the server's
 * local day ("YYYY-MM-DD") and hour ("YYYY-MM-DD HH").
 */
import type { ChannelHealth, Counters, StatRow } from "../../api/types";

const pad = (n: number) => String(n).padStart(2, "0");
export const dayKey = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
export const hourKey = (d: Date) => `${dayKey(d)} ${pad(d.getHours())}`;

export const ZERO: Counters = {
  requests: 0,
  success: 0,
  failed: 0,
  input_tokens: 0,
  output_tokens: 0,
  cache_read_tokens: 0,
  cache_write_tokens: 0,
  reasoning_tokens: 0,
  cost: 0,
  wait_ms: 0,
};

export interface Point {
  /** Start of the day or hour, Unix milliseconds. */
  time: number;
  counters: Counters;
}

/** The last `count` days (or hours) ending with the one holding `now`, oldest first, zeros where no row exists. */
export function series(rows: StatRow[], unit: "day" | "hour", count: number, now = Date.now()): Point[] {
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const keyOf = unit === "day" ? dayKey : hourKey;
  const points: Point[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const d = new Date(now);
    if (unit === "day") {
      d.setHours(0, 0, 0, 0);
      d.setDate(d.getDate() - i);
    } else {
      d.setMinutes(0, 0, 0);
      d.setHours(d.getHours() - i);
    }
    points.push({ time: d.getTime(), counters: byKey.get(keyOf(d)) ?? ZERO });
  }
  return points;
}

/** Today's counters from the daily rows. */
export const today = (rows: StatRow[], now = Date.now()): Counters => rows.find((r) => r.key === dayKey(new Date(now))) ?? ZERO;

/** Share of finished requests that succeeded; undefined with none. */
export const successRate = (c: Counters) => (c.requests > 0 ? c.success / c.requests : undefined);

export const cacheTokens = (c: Counters) => c.cache_read_tokens + c.cache_write_tokens;
export const totalTokens = (c: Counters) => c.input_tokens + c.output_tokens;

export interface HeatCell {
  time: number;
  key: string;
  requests: number;
  /** 0 (none) to 4 (busiest). */
  level: number;
  /** After today: drawn empty. */
  future: boolean;
}

/**
 * 53 weeks of days, one column per week (Sunday first), the last column holding today; each cell
 * levelled against the busiest day of the year so one quiet install still shows its pattern.
 */
export function yearGrid(rows: StatRow[], now = Date.now()): { weeks: HeatCell[][]; total: number; activeDays: number; busiest?: HeatCell } {
  const byKey = new Map(rows.map((r) => [r.key, r.requests]));
  const start = new Date(now);
  start.setHours(0, 0, 0, 0);
  start.setDate(start.getDate() - start.getDay() - 52 * 7);
  const cells: HeatCell[] = [];
  const todayKey = dayKey(new Date(now));
  let past = true;
  for (let i = 0; i < 53 * 7; i++) {
    const d = new Date(start);
    d.setDate(start.getDate() + i);
    const key = dayKey(d);
    cells.push({ time: d.getTime(), key, requests: past ? (byKey.get(key) ?? 0) : 0, level: 0, future: !past });
    if (key === todayKey) past = false;
  }
  const max = Math.max(0, ...cells.map((c) => c.requests));
  let total = 0;
  let activeDays = 0;
  let busiest: HeatCell | undefined;
  for (const c of cells) {
    if (c.requests <= 0) continue;
    c.level = Math.min(4, Math.ceil((c.requests / max) * 4));
    total += c.requests;
    activeDays++;
    if (!busiest || c.requests > busiest.requests) busiest = c;
  }
  const weeks: HeatCell[][] = [];
  for (let w = 0; w < 53; w++) weeks.push(cells.slice(w * 7, w * 7 + 7));
  return { weeks, total, activeDays, busiest };
}

export interface TopRow {
  key: string;
  name: string;
  counters: StatRow;
  /** Requests relative to the first row, 0..1, for the row's bar. */
  share: number;
}

/** The `n` rows with most requests, named by `nameOf` (a deleted channel or key keeps its id). */
export function top(rows: StatRow[], n: number, nameOf: (key: string) => string | undefined): TopRow[] {
  const sorted = rows.filter((r) => r.requests > 0).sort((a, b) => b.requests - a.requests || b.cost - a.cost).slice(0, n);
  const max = sorted[0]?.requests ?? 1;
  return sorted.map((r) => ({ key: r.key, name: nameOf(r.key) ?? `#${r.key}`, counters: r, share: r.requests / max }));
}

export type HealthTone = "ok" | "warn" | "danger" | "neutral";

/** One channel at a glance: off, every key failing, some keys or endpoints resting, or fine. */
export function channelTone(h: ChannelHealth): HealthTone {
  if (!h.enabled) return "neutral";
  const keys = h.keys.filter((k) => k.state !== "disabled");
  if (keys.length === 0 || keys.every((k) => k.state === "failed") || h.endpoints.every((e) => e.state === "cooling")) return "danger";
  if (keys.some((k) => k.state !== "ok") || h.endpoints.some((e) => e.state !== "ok") || h.circuits.some((c) => c.state === "open")) return "warn";
  return "ok";
}

/** Keys per state, for "3 ok · 1 cooling". */
export function keyCounts(h: ChannelHealth): Record<"ok" | "cooling" | "failed" | "disabled", number> {
  const counts = { ok: 0, cooling: 0, failed: 0, disabled: 0 };
  for (const k of h.keys) counts[k.state]++;
  return counts;
}

/** The fastest endpoint's measured latency, if any was measured. */
export function bestLatency(h: ChannelHealth): number | undefined {
  const measured = h.endpoints.map((e) => e.latency_ms).filter((ms): ms is number => ms !== null);
  return measured.length ? Math.min(...measured) : undefined;
}
