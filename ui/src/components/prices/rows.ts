/**
 * Price rows as the prices page shows them: the defaults (channel 0), and per channel every
 * model it serves at its effective price — its own override, or the default it inherits.
 */
import type { Channel, Price } from "../../api/types";

export const PRICE_FIELDS = ["input", "output", "cache_read", "cache_write"] as const;
export type PriceField = (typeof PRICE_FIELDS)[number];
export type PriceValues = Record<PriceField, number>;

export interface PriceRow extends PriceValues {
  name: string;
  /** The channel whose tab shows the row; 0 on the defaults tab. */
  channel_id: number;
  source: Price["source"];
  /** default: a channel-0 row; override: the channel's own price; inherited: the default shown on a channel. */
  kind: "default" | "override" | "inherited";
}

const ZERO: PriceValues = { input: 0, output: 0, cache_read: 0, cache_write: 0 };
const values = (p: PriceValues): PriceValues => ({ input: p.input, output: p.output, cache_read: p.cache_read, cache_write: p.cache_write });

export function defaultRows(prices: Price[]): PriceRow[] {
  return prices.filter((p) => p.channel_id === 0).map((p) => ({ name: p.name, channel_id: 0, source: p.source, kind: "default", ...values(p) }));
}

export function channelRows(prices: Price[], channel: Pick<Channel, "id" | "models">): PriceRow[] {
  const defaults = new Map(prices.filter((p) => p.channel_id === 0).map((p) => [p.name, p]));
  const overrides = new Map(prices.filter((p) => p.channel_id === channel.id).map((p) => [p.name, p]));
  const names = new Set([...channel.models, ...overrides.keys()]);
  return [...names].map((name): PriceRow => {
    const own = overrides.get(name);
    if (own) return { name, channel_id: channel.id, source: own.source, kind: "override", ...values(own) };
    const inherited = defaults.get(name);
    return { name, channel_id: channel.id, source: inherited?.source ?? "unpriced", kind: "inherited", ...values(inherited ?? ZERO) };
  });
}

/** Channels that get a tab: those with models or with prices of their own. */
export const pricedChannels = (prices: Price[], channels: Channel[]) =>
  channels.filter((c) => c.models.length > 0 || prices.some((p) => p.channel_id === c.id));

export type SortKey = "name" | "input" | "output";

/** Search by name, optionally only unpriced rows, sorted by name or dearest first. */
export function arrange(rows: PriceRow[], opts: { search: string; sort: SortKey; unpricedOnly: boolean }): PriceRow[] {
  const needle = opts.search.trim().toLowerCase();
  const kept = rows.filter((r) => (!needle || r.name.toLowerCase().includes(needle)) && (!opts.unpricedOnly || r.source === "unpriced"));
  const byName = (a: PriceRow, b: PriceRow) => a.name.localeCompare(b.name);
  const sort = opts.sort;
  return kept.sort(sort === "name" ? byName : (a, b) => b[sort] - a[sort] || byName(a, b));
}

export type PriceDraft = Record<PriceField, string>;
export const draftOf = (p: PriceValues): PriceDraft => ({ input: String(p.input), output: String(p.output), cache_read: String(p.cache_read), cache_write: String(p.cache_write) });

/** The server's bound for a price per million tokens. */
const MAX_PRICE = 1_000_000;

/** Parses a draft: the four prices, or which fields are wrong ("required", "negative", "number", "tooLarge"). */
export function parseDraft(draft: PriceDraft): { ok: true; values: PriceValues } | { ok: false; errors: Partial<Record<PriceField, "required" | "number" | "negative" | "tooLarge">> } {
  const errors: Partial<Record<PriceField, "required" | "number" | "negative" | "tooLarge">> = {};
  const parsed = { ...ZERO };
  for (const field of PRICE_FIELDS) {
    const text = draft[field].trim();
    const n = Number(text);
    if (text === "") errors[field] = "required";
    else if (!Number.isFinite(n)) errors[field] = "number";
    else if (n < 0) errors[field] = "negative";
    else if (n > MAX_PRICE) errors[field] = "tooLarge";
    else parsed[field] = n;
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, values: parsed };
}
