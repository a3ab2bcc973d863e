import { Elysia, t, type Static } from "elysia";
import { ModelFetchError } from "../channels/sync/error";
import { fetchModels } from "../channels/sync/fetch";
import { filterModels, listWithAnyKey, SYNC_TIMEOUT_MS, syncChannel } from "../channels/sync/sync";
import { baseUrlsProblem } from "../channels/endpoints";
import { keepStoredSecrets, presentChannel } from "../channels/secrets";
import { channelType, CHANNEL_TYPE_INFO, CHANNEL_TYPES } from "../channels/types";
import type { ChannelInput, ChannelRow } from "../db/stores/channels";
import type { AdminContext } from "./context";
import { HttpError, idParam, notFound, idField } from "./http";

const keyInput = t.Object({
  id: t.Optional(idField()),
  key: t.Optional(t.String({ minLength: 1, maxLength: 8192 })),
  enabled: t.Optional(t.Boolean()),
  remark: t.Optional(t.String({ maxLength: 255 })),
});

const url = t.String({ minLength: 1, maxLength: 512 });
const fields = {
  name: t.String({ minLength: 1, maxLength: 128 }),
  type: t.String({ minLength: 1 }),
  enabled: t.Optional(t.Boolean()),
  /** `format` (checked by baseUrlsProblem, for a clearer message): the URL speaks another format than the type's. */
  base_urls: t.Array(t.Object({ url, format: t.Optional(t.String()) }), { minItems: 1 }),
  keys: t.Array(keyInput),
  models: t.Array(t.String({ minLength: 1, maxLength: 255 })),
  model_filter: t.Optional(t.String({ maxLength: 512 })),
  auto_sync: t.Optional(t.Boolean()),
  custom_headers: t.Optional(t.Array(t.Object({ key: t.String({ minLength: 1, maxLength: 256 }), value: t.String({ maxLength: 8192 }) }))),
  param_override: t.Optional(t.Union([t.String({ maxLength: 65536 }), t.Record(t.String(), t.Unknown())])),
  proxy_url: t.Optional(t.String({ maxLength: 512 })),
};
const createBody = t.Object(fields);
const updateBody = t.Partial(t.Object(fields));
type Body = Partial<Static<typeof createBody>>;
/**
 * What listing a channel's models needs, before the channel is saved: a `key`, or the id of the
 * channel being edited, whose stored keys are then used (the panel only sees them masked).
 */
const fetchModelsBody = t.Object({
  type: fields.type,
  base_url: url,
  key: t.Optional(t.String({ minLength: 1, maxLength: 8192 })),
  channel_id: t.Optional(t.Integer({ minimum: 1 })),
  model_filter: fields.model_filter,
  proxy_url: fields.proxy_url,
  custom_headers: fields.custom_headers,
});

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

const isUrl = (value: string, protocols: string[]) => {
  try {
    return protocols.includes(new URL(value).protocol);
  } catch {
    return false;
  }
};

/** The checks the schema cannot make, shared by a channel's body and a model listing's. */
function checkConnection(body: Pick<Body, "type" | "custom_headers" | "proxy_url" | "model_filter">) {
  if (body.type !== undefined && !channelType(body.type))
    throw new HttpError(400, `type must be one of ${CHANNEL_TYPES.map((c) => c.type).join(", ")}`);
  for (const [i, { key }] of (body.custom_headers ?? []).entries())
    if (!HEADER_NAME.test(key)) throw new HttpError(400, `custom_headers[${i}].key is not a valid header name`);
  if (body.proxy_url && !isUrl(body.proxy_url, ["http:", "https:", "socks5:", "socks5h:"]))
    throw new HttpError(400, "proxy_url must be an http(s) or socks5 URL");
  if (body.model_filter) {
    try {
      new RegExp(body.model_filter);
    } catch {
      throw new HttpError(400, "model_filter is not a valid regular expression");
    }
  }
}

/** A provider that cannot be listed: the user's configuration (400) or the provider (502). */
function listingFailed(error: unknown): never {
  if (error instanceof ModelFetchError) throw new HttpError(error.kind === "config" ? 400 : 502, error.message);
  throw error;
}

/** Checks what the schema cannot (against the `stored` channel on update) and normalises `param_override` to JSON text. */
function toInput(body: Body, stored?: ChannelRow): Partial<ChannelInput> {
  checkConnection(body);
  for (const [i, { url }] of (body.base_urls ?? []).entries())
    if (!isUrl(url, ["http:", "https:"])) throw new HttpError(400, `base_urls[${i}].url must be an http(s) URL`);
  const type = body.type ?? stored?.type;
  const baseUrls = (body.base_urls ?? stored?.base_urls) as ChannelRow["base_urls"] | undefined;
  const problem = type && baseUrls && baseUrlsProblem(type, baseUrls);
  if (problem) throw new HttpError(400, problem);
  let param_override: string | undefined;
  if (typeof body.param_override === "string" && body.param_override.trim() !== "") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.param_override);
    } catch {
      throw new HttpError(400, "param_override must be a JSON object");
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new HttpError(400, "param_override must be a JSON object");
    param_override = JSON.stringify(parsed);
  } else if (body.param_override !== undefined) {
    param_override = typeof body.param_override === "string" ? "" : JSON.stringify(body.param_override);
  }
  return { ...body, ...(param_override !== undefined && { param_override }) } as Partial<ChannelInput>;
}

export const channelRoutes = (ctx: AdminContext) => {
  const { stores, state, accounting } = ctx;
  const reload = async () => {
    await state.publish("channels", "groups");
    await accounting.syncPrices();
  };
  return new Elysia()
    .get("/channel/types", () => CHANNEL_TYPE_INFO)
    .get("/channel/list", () => [...state.channels.values()].map(presentChannel))
    .post(
      "/channel/create",
      async ({ body }) => {
        const input = toInput(body);
        for (const [i, k] of body.keys.entries()) if (!k.key) throw new HttpError(400, `keys[${i}].key is required`);
        const channel = await stores.channels.create(input as ChannelInput);
        await reload();
        return presentChannel(channel);
      },
      { body: createBody },
    )
    .post(
      "/channel/update",
      async ({ body: { id, ...body } }) => {
        const stored = await stores.channels.get(id);
        if (!stored) throw notFound("channel", id);
        const channel = await stores.channels.update(id, keepStoredSecrets(toInput(body, stored), stored));
        if (!channel) throw notFound("channel", id);
        await reload();
        return presentChannel(channel);
      },
      { body: t.Composite([t.Object({ id: idField() }), updateBody]) },
    )
    .delete("/channel/delete/:id", async ({ params }) => {
      const id = idParam(params.id);
      if (!(await stores.channels.delete(id))) throw notFound("channel", id);
      await reload();
      return { id };
    })
    .post(
      "/channel/sync",
      async ({ body: { id } }) => {
        const result = await syncChannel({ stores, state, accounting, authorizers: ctx.relay.authorizers }, id).catch(listingFailed);
        if (!result) throw notFound("channel", id);
        return result;
      },
      { body: t.Object({ id: idField() }) },
    )
    .post(
      "/channel/fetch-models",
      async ({ body }) => {
        checkConnection(body);
        if (!isUrl(body.base_url, ["http:", "https:"])) throw new HttpError(400, "base_url must be an http(s) URL");
        const source = { type: body.type, baseUrl: body.base_url, proxyUrl: body.proxy_url || undefined, customHeaders: body.custom_headers };
        const options = { timeoutMs: SYNC_TIMEOUT_MS, authorizers: ctx.relay.authorizers };
        let listing: Promise<string[]>;
        if (body.key) listing = fetchModels({ ...source, key: body.key }, options);
        else if (body.channel_id !== undefined) {
          const channel = state.channels.get(body.channel_id);
          if (!channel) throw notFound("channel", body.channel_id);
          listing = listWithAnyKey(source, channel.keys, options);
        } else throw new HttpError(400, "key is required, or channel_id to use that channel's stored keys");
        const models = await listing.catch(listingFailed);
        return { models: filterModels(models, body.model_filter ?? "") };
      },
      { body: fetchModelsBody },
    );
};
