/**
 * The price book: a price set for this channel and model, over the user's default price for the
 * model, over the catalog (models.dev). Held in memory; the database rows are reloaded when the
 * admin API changes them.
 */
import type { priceStore } from "../db/stores/prices";
import { FREE, type Price } from "./cost";

type PriceRow = Awaited<ReturnType<ReturnType<typeof priceStore>["list"]>>[number];

export interface CatalogLookup {
  lookup(model: string): Price | undefined;
}

export type PriceSource = "channel" | "default" | "catalog" | "none";

export class PriceBook {
  private channel = new Map<string, Price>();
  private defaults = new Map<string, Price>();

  constructor(private readonly catalog: CatalogLookup) {}

  /** Only rows the user set take precedence; rows written from the catalog just show its prices. */
  load(rows: PriceRow[]) {
    this.channel = new Map();
    this.defaults = new Map();
    for (const row of rows) {
      if (row.source !== "user") continue;
      if (row.channel_id === 0) this.defaults.set(row.model, row);
      else this.channel.set(`${row.channel_id}\u0000${row.model}`, row);
    }
  }

  priceFor(channelId: number, model: string): { price: Price; source: PriceSource } {
    const onChannel = this.channel.get(`${channelId}\u0000${model}`);
    if (onChannel) return { price: onChannel, source: "channel" };
    const byDefault = this.defaults.get(model);
    if (byDefault) return { price: byDefault, source: "default" };
    const fromCatalog = this.catalog.lookup(model);
    if (fromCatalog) return { price: fromCatalog, source: "catalog" };
    return { price: FREE, source: "none" };
  }
}
