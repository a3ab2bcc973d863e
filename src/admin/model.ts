import { Elysia, t } from "elysia";
import type { AdminContext } from "./context";

const perMillion = t.Number({ minimum: 0, maximum: 1_000_000 });

/** Prices in USD per million tokens: a model's default price, or its price on one channel. */
export const modelRoutes = ({ stores }: AdminContext) =>
  new Elysia()
    .get("/model/list", async () => (await stores.prices.list()).map(({ model, ...price }) => ({ name: model, ...price })))
    .post(
      "/model/update",
      async ({ body: { name, ...price } }) => {
        const { model, ...saved } = await stores.prices.set({ model: name, ...price, source: "user" });
        return { name: model, ...saved };
      },
      {
        body: t.Object({
          name: t.String({ minLength: 1, maxLength: 255 }),
          channel_id: t.Optional(t.Integer({ minimum: 0 })),
          input: perMillion,
          output: perMillion,
          cache_read: perMillion,
          cache_write: perMillion,
        }),
      },
    );
