import { and, asc, eq } from "drizzle-orm";
import type { Database } from "../connection";

export interface PriceInput {
  model: string;
  /** 0 (or absent) sets the model's default price. */
  channel_id?: number;
  input: number;
  output: number;
  cache_read: number;
  cache_write: number;
  source?: "user" | "catalog" | "unpriced";
}

export function priceStore(db: Database) {
  const { prices } = db.t;
  return {
    list() {
      return db.orm.select().from(prices).orderBy(asc(prices.model), asc(prices.channel_id));
    },
    async set(input: PriceInput) {
      const row = { source: "user" as const, ...input, channel_id: input.channel_id ?? 0, updated_at: Date.now() };
      const { model: _m, channel_id: _c, ...set } = row;
      await db.write((orm) => db.upsert(orm, prices, row, [prices.model, prices.channel_id], set));
      const [saved] = await db.orm
        .select()
        .from(prices)
        .where(and(eq(prices.model, row.model), eq(prices.channel_id, row.channel_id)));
      return saved;
    },
    async delete(model: string, channelId = 0) {
      await db.write((orm) => orm.delete(prices).where(and(eq(prices.model, model), eq(prices.channel_id, channelId))));
    },
  };
}
