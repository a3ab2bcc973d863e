/**
 * Every model a channel or group names gets a default price row the user can see and edit:
 * the catalog's price (source "catalog"), or zeros flagged "unpriced" when the catalog has none.
 * Rows the user set (source "user") are never touched.
 */
import type { Stores } from "../db/stores";
import type { CatalogLookup } from "./prices";

export async function syncPriceRows(stores: Stores, catalog: CatalogLookup, models: Iterable<string>) {
  const defaults = new Map((await stores.prices.list()).filter((r) => r.channel_id === 0).map((r) => [r.model, r]));
  for (const model of new Set(models)) {
    const row = defaults.get(model);
    if (row?.source === "user") continue;
    const price = catalog.lookup(model);
    const next = {
      source: price ? ("catalog" as const) : ("unpriced" as const),
      input: price?.input ?? 0,
      output: price?.output ?? 0,
      cache_read: price?.cache_read ?? price?.input ?? 0,
      cache_write: price?.cache_write ?? price?.input ?? 0,
    };
    if (row && row.source === next.source && row.input === next.input && row.output === next.output && row.cache_read === next.cache_read && row.cache_write === next.cache_write)
      continue;
    await stores.prices.set({ model, channel_id: 0, ...next });
  }
}
