/**
 * What the logs page shows, as it lives in the URL (so a reload or a shared link keeps it):
 * the filters the API has and the position in the list. The position is the trail of `before_id`
 * cursors that led to the page (keyset paging: every page costs the server the same however deep),
 * so Previous drops the last one and a reload lands on the same rows.
 */
import type { LogFilter, LogItem } from "../../api/types";

export type StatusFilter = "" | "success" | "failed" | `${number}`;

export interface LogView {
  filter: LogFilter;
  /** The `next_before_id` of each page before this one; empty on the first. */
  cursors: number[];
  size: number;
}

/** 1-based, for the "21–40" label. */
export const pageNumber = (view: LogView) => view.cursors.length + 1;

export const PAGE_SIZES = [20, 50, 100] as const;
const DEFAULT_SIZE = 20;

type Params = Partial<Record<string, string | string[] | undefined>>;

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
/** A positive integer from the URL, or undefined for anything else. */
function positive(v: string | string[] | undefined): number | undefined {
  const n = Number(one(v));
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

export function parseStatus(v: string | undefined): LogFilter["status"] {
  if (v === "success" || v === "failed") return v;
  return v && /^[0-9]{1,3}$/.test(v) ? Number(v) : undefined;
}

export function readLogView(params: Params): LogView {
  const size = positive(params.size);
  return {
    filter: {
      from: positive(params.from),
      to: positive(params.to),
      model: one(params.model)?.trim() || undefined,
      channel_id: positive(params.channel),
      api_key_id: positive(params.key),
      status: parseStatus(one(params.status)),
    },
    cursors: (one(params.before) ?? "").split(",").map(positive).filter((n) => n !== undefined),
    size: size && (PAGE_SIZES as readonly number[]).includes(size) ? size : DEFAULT_SIZE,
  };
}

/** The URL query for a view; undefined removes a parameter (defaults stay out of the URL). */
export function writeLogView(view: LogView): Record<string, string | undefined> {
  const f = view.filter;
  const s = (v: string | number | undefined) => (v === undefined || v === "" ? undefined : String(v));
  return {
    from: s(f.from),
    to: s(f.to),
    model: s(f.model),
    channel: s(f.channel_id),
    key: s(f.api_key_id),
    status: s(f.status),
    before: view.cursors.length ? view.cursors.join(",") : undefined,
    size: view.size !== DEFAULT_SIZE ? String(view.size) : undefined,
  };
}

export const activeFilters = (f: LogFilter) => Object.values(f).filter((v) => v !== undefined).length;

export const isSuccess = (status: number) => status >= 200 && status < 300;

/** Whether a live entry belongs in the list the filter selects (the server's own rules). */
export function matchesFilter(entry: Pick<LogItem, "time" | "model" | "channel_id" | "api_key_id" | "status">, f: LogFilter): boolean {
  if (f.from !== undefined && entry.time < f.from) return false;
  if (f.to !== undefined && entry.time > f.to) return false;
  if (f.model !== undefined && entry.model !== f.model) return false;
  if (f.channel_id !== undefined && entry.channel_id !== f.channel_id) return false;
  if (f.api_key_id !== undefined && entry.api_key_id !== f.api_key_id) return false;
  if (f.status === "success") return isSuccess(entry.status);
  if (f.status === "failed") return !isSuccess(entry.status);
  return f.status === undefined || entry.status === f.status;
}

/** "2026-03-04T09:05" in the browser's zone, for a datetime-local input. */
export function toLocalInput(ms: number | undefined): string {
  if (ms === undefined) return "";
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** A datetime-local value back to ms; `end` takes the last millisecond of that minute. */
export function fromLocalInput(value: string, end = false): number | undefined {
  if (!value) return undefined;
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) ? ms + (end ? 59_999 : 0) : undefined;
}
