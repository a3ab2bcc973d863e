import { Elysia, t } from "elysia";
import { idField } from "./http";
import type { AdminContext } from "./context";

const perMillion = t.Number({ minimum: 0, maximum: 1_000_000 });
const target = { name: t.String({ minLength: 1, maxLength: 255 }), channel_id: t.Optional(idField(0)) };

/**
 * Prices in USD per million tokens: a model's default price (channel_id 0) or its price on one
 * channel. `source` tells a price the user set from one copied from the catalog or missing.
 */
export const modelRoutes = ({ stores, accounting }: AdminContext) =>
  new Elysia()
    .get("/model/list", async () => (await stores.prices.list()).map(({ model, ...price }) => ({ name: model, ...price })))
    .post(
      "/model/update",
      async ({ body: { name, ...price } }) => {
        const { model, ...saved } = await stores.prices.set({ model: name, ...price, source: "user" });
        await accounting.reloadPrices();
        return { name: model, ...saved };
      },
      { body: t.Object({ ...target, input: perMillion, output: perMillion, cache_read: perMillion, cache_write: perMillion }) },
    )
    .post(
      "/model/delete",
      async ({ body }) => {
        await stores.prices.delete(body.name, body.channel_id ?? 0);
        // A default row removed goes back to the catalog's price.
        await accounting.syncPrices();
        return { name: body.name, channel_id: body.channel_id ?? 0 };
      },
      { body: t.Object(target) },
    )
    .post("/model/sync", () => accounting.syncCatalog())
    .get("/model/catalog", () => accounting.catalogStatus());
