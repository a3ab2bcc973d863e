import { Elysia, t } from "elysia";
import type { ApiKeyRow } from "../db/stores/apikeys";
import { apiKeyPrefix, generateApiKey, hashApiKey } from "../state/api-keys";
import type { AdminContext } from "./context";
import { idParam, notFound, idField, timeField } from "./http";

const fields = {
  name: t.String({ minLength: 1, maxLength: 128 }),
  enabled: t.Optional(t.Boolean()),
  /** Unix milliseconds; null never expires. */
  expire_at: t.Optional(t.Nullable(timeField())),
  /** USD; null is unlimited. */
  max_cost: t.Optional(t.Nullable(t.Number({ minimum: 0 }))),
  supported_models: t.Optional(t.Array(t.String({ minLength: 1, maxLength: 255 }))),
  /** Per minute and in flight; null takes the setting's default, 0 is no limit. */
  rpm: t.Optional(t.Nullable(t.Integer({ minimum: 0, maximum: 1_000_000_000 }))),
  tpm: t.Optional(t.Nullable(t.Integer({ minimum: 0, maximum: 1_000_000_000 }))),
  max_concurrency: t.Optional(t.Nullable(t.Integer({ minimum: 0, maximum: 1_000_000 }))),
};

export const apiKeyRoutes = ({ stores, state, accounting }: AdminContext) => {
  /** The key without its hash, with the limits in force and what it uses of them now. */
  const present = ({ key_hash: _h, ...key }: ApiKeyRow) => ({
    ...key,
    rate_limits: accounting.rateLimits.limits(key),
    rate_use: accounting.rateLimits.current(key.id),
  });
  return new Elysia()
    .get("/apikey/list", () => [...state.apiKeys.values()].map(present))
    .post(
      "/apikey/create",
      async ({ body }) => {
        const key = generateApiKey();
        const row = await stores.apiKeys.create(body, hashApiKey(key), apiKeyPrefix(key));
        await state.publish("apiKeys");
        // The only time the full key is shown.
        return { ...present(row), key };
      },
      { body: t.Object(fields) },
    )
    .post(
      "/apikey/update",
      async ({ body: { id, ...body } }) => {
        const row = await stores.apiKeys.update(id, body);
        if (!row) throw notFound("API key", id);
        await state.publish("apiKeys");
        return present(row);
      },
      { body: t.Composite([t.Object({ id: idField() }), t.Partial(t.Object(fields))]) },
    )
    .delete("/apikey/delete/:id", async ({ params }) => {
      const id = idParam(params.id);
      if (!(await stores.apiKeys.delete(id))) throw notFound("API key", id);
      await state.publish("apiKeys");
      return { id };
    });
};
