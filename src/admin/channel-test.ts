/**
 * `POST /channel/test`: one small real request to a saved channel ("Say OK", a few output tokens,
 * not streamed) in the channel's own format, sent by the relay's own attempt code. The provider's
 * failure is an answer (200 with `ok: false`), not an admin error. The request is logged marked
 * as a test and counted in no stats or budget; it changes no health state.
 */
import { Elysia, t } from "elysia";
import { ownBaseUrl } from "../channels/endpoints";
import { channelType } from "../channels/types";
import type { ChannelKey, ChannelRow } from "../db/stores/channels";
import { ADAPTERS } from "../protocols";
import { emptyUsage, type Format, type IRError, type IRUsage } from "../protocols/ir";
import { attempt } from "../relay/attempt";
import { redact } from "../secrets";
import type { AdminContext } from "./context";
import type { ChannelTestResult } from "./channel-test-result";
import { HttpError, notFound } from "./http";

const PROMPT = "Say OK";
const MAX_TOKENS = 16;

const body = t.Object({
  id: t.Integer({ minimum: 1 }),
  /** Defaults to the channel's first model. */
  model: t.Optional(t.String({ minLength: 1, maxLength: 255 })),
  /** Defaults to the channel's first enabled key. */
  key_id: t.Optional(t.Integer({ minimum: 1 })),
});

function pick(channel: ChannelRow, model: string | undefined, keyId: number | undefined): { format: Format; model: string; key: ChannelKey } {
  const type = channelType(channel.type);
  if (!type?.target) throw new HttpError(400, `${channel.type} channels cannot be tested: they are not relayed yet`);
  const chosenModel = model ?? channel.models[0];
  if (!chosenModel) throw new HttpError(400, "model is required: the channel lists no models");
  const key = keyId === undefined ? channel.keys.find((k) => k.enabled) : channel.keys.find((k) => k.id === keyId);
  if (!key) throw keyId === undefined ? new HttpError(400, "the channel has no enabled key") : notFound(`key ${keyId} of channel`, channel.id);
  return { format: type.format, model: chosenModel, key };
}

export const channelTestRoutes = ({ state, accounting, relay }: AdminContext) =>
  new Elysia().post(
    "/channel/test",
    async ({ body: { id, model: asked, key_id }, request }): Promise<ChannelTestResult> => {
      const channel = state.channels.get(id);
      if (!channel) throw notFound("channel", id);
      const { format, model, key } = pick(channel, asked, key_id);
      const adapter = ADAPTERS[format];
      const upstreamBody = adapter.encodeRequest({
        model,
        stream: false,
        messages: [{ role: "user", parts: [{ type: "text", text: PROMPT }] }],
        maxTokens: MAX_TOKENS,
      }) as Record<string, unknown>;
      const candidate = { channel, format, model, key, baseUrl: ownBaseUrl(channel)! };
      // A request of no client: no headers to forward, no group (so the global timeouts); the admin's disconnect aborts it.
      const inbound = { format, adapter, request: new Request("http://channel-test/", { signal: request.signal }), model: "", stream: false };

      const started = Date.now();
      const deadline = relay.clock.now() + state.settings.relay_deadline * 1000;
      const result = await attempt(relay, inbound, candidate, { passthrough: true, body: upstreamBody }, deadline);
      let usage: IRUsage = emptyUsage();
      let ttfbMs = 0;
      let answer: string | undefined;
      let captured: string | undefined;
      let error: IRError | undefined;
      if (result.ok) {
        ttfbMs = result.ttfbMs;
        result.finish((u, _e, c) => ((usage = u), (captured = c)));
        const parts = adapter.decodeResponse(await result.response.json()).parts;
        answer = parts.flatMap((p) => (p.type === "text" ? [p.text] : [])).join("");
      } else {
        error = { ...result.error, message: redact(result.error.message, [key.key]) };
      }
      const latency = Date.now() - started;
      const status = error ? error.status : 200;

      const captureLimit = relay.captureLimit?.() ?? 0;
      accounting.recordTest(
        {
          time: started,
          apiKey: { id: 0, name: "" },
          format,
          model,
          channelId: channel.id,
          channelName: channel.name,
          actualModel: model,
          status,
          usage,
          ttfbMs,
          durationMs: latency,
          error,
          attempts: [
            { channel_id: channel.id, channel_name: channel.name, key_remark: key.remark, endpoint: candidate.baseUrl, status, duration_ms: latency, ...(error && { error: error.message }) },
          ],
        },
        { request: captureLimit > 0 ? JSON.stringify(upstreamBody).slice(0, captureLimit) : undefined, response: captured },
      );
      return { ok: !error, status, latency_ms: latency, model, ...(answer !== undefined && { answer }), ...(error && { error: error.message }) };
    },
    { body },
  );
