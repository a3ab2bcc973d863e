/** Side routes of the client API: embeddings (OpenAI channels) and Anthropic's token counting. */
import type { ApiKeyRow } from "../db/stores/apikeys";
import { ADAPTERS } from "../protocols";
import { ProtocolError, emptyUsage, type Format, type IRRequest } from "../protocols/ir";
import type { Candidate } from "../routing/router";
import type { RelayContext } from "./context";
import { errorResponse, irError } from "./errors";
import { buildUpstream, sendUpstream } from "./upstream";

interface Accepted {
  body: Record<string, unknown>;
  model: string;
  apiKey: ApiKeyRow;
}

function groupPlan(ctx: RelayContext, model: string, formats: Format[], apiKeyId: number) {
  const group = ctx.state.modelNames.resolve(model);
  if (!group) return undefined;
  const plan = ctx.router.plan(group, { apiKeyId }, formats);
  return { candidates: [...plan.attempts], readyAt: plan.readyAt };
}

/** POSTs to another path of the channel's API, with the channel's auth, headers and overrides. */
async function post(candidate: Candidate, path: string, body: Record<string, unknown>, request: Request) {
  const upstream = buildUpstream(candidate, { ...body, model: candidate.model }, false, request.headers);
  upstream.url = candidate.baseUrl.replace(/\/+$/, "") + path;
  return sendUpstream(upstream, request.signal);
}

/** `POST /v1/embeddings`, passed through to the first OpenAI channel of the group that answers. */
export async function embeddings(ctx: RelayContext, request: Request, { body, model, apiKey }: Accepted): Promise<Response> {
  const adapter = ADAPTERS["openai-chat"];
  const plan = groupPlan(ctx, model, ["openai-chat", "openai-responses"], apiKey.id);
  if (!plan) return errorResponse(adapter, irError("not_found", `model ${JSON.stringify(model)} does not exist`));
  const list = plan.candidates;
  // No channel to wait for (rather than all cooling down): the group cannot serve embeddings at all.
  if (list.length === 0 && plan.readyAt === undefined)
    return errorResponse(adapter, irError("invalid_request", `no channel of ${JSON.stringify(model)} can serve embeddings: they are relayed to OpenAI channels only`));
  if (list.length === 0) return errorResponse(adapter, irError("overloaded", `every OpenAI channel of ${JSON.stringify(model)} is cooling down`));
  let last = irError("server_error", "no attempt was made");
  const started = Date.now();
  for (const candidate of list.slice(0, ctx.state.settings.relay_max_attempts)) {
    let response: Response;
    try {
      response = await post(candidate, "/embeddings", body, request);
    } catch {
      last = irError("server_error", "could not connect to the upstream", 502);
      continue;
    }
    const text = await response.text();
    if (!response.ok) {
      last = adapter.decodeError(response.status, text);
      if (response.status < 500 && response.status !== 429) break;
      continue;
    }
    let usage = emptyUsage();
    try {
      usage = { ...usage, inputTokens: Number(JSON.parse(text).usage?.prompt_tokens) || 0 };
    } catch {}
    ctx.onOutcome?.({
      time: started,
      apiKey,
      format: "openai-chat",
      model,
      channelId: candidate.channel.id,
      channelName: candidate.channel.name,
      actualModel: candidate.model,
      status: 200,
      usage,
      ttfbMs: Date.now() - started,
      durationMs: Date.now() - started,
      attempts: [],
    }, {});
    return new Response(text, { headers: { "content-type": "application/json" } });
  }
  return errorResponse(adapter, last);
}

/** A rough count for channels that cannot count: about four characters a token. */
export function estimateTokens(request: IRRequest): number {
  let chars = request.system?.length ?? 0;
  for (const message of request.messages)
    for (const part of message.parts) {
      if (part.type === "text" || part.type === "thinking") chars += part.text.length;
      else if (part.type === "tool_call") chars += part.name.length + part.arguments.length;
      else if (part.type === "tool_result") for (const c of part.content) chars += c.type === "text" ? c.text.length : 1000;
      else chars += 1000; // an image
    }
  for (const tool of request.tools ?? []) chars += JSON.stringify(tool).length;
  return Math.ceil(chars / 4) + 4 * request.messages.length;
}

/** `POST /v1/messages/count_tokens`: asked of an Anthropic channel when the group has one, estimated otherwise. */
export async function countTokens(ctx: RelayContext, request: Request, { body, model, apiKey }: Accepted): Promise<Response> {
  const adapter = ADAPTERS.anthropic;
  const plan = groupPlan(ctx, model, ["openai-chat", "openai-responses", "anthropic", "gemini"], apiKey.id);
  if (!plan) return errorResponse(adapter, irError("not_found", `model ${JSON.stringify(model)} does not exist`));
  const anthropic = plan.candidates.find((c) => c.format === "anthropic");
  if (anthropic) {
    try {
      const response = await post(anthropic, "/messages/count_tokens", body, request);
      const text = await response.text();
      if (response.ok) return new Response(text, { headers: { "content-type": "application/json" } });
      if (response.status < 500) return errorResponse(adapter, adapter.decodeError(response.status, text));
    } catch {}
  }
  try {
    // count_tokens bodies carry no max_tokens, which the Messages decoder requires.
    const ir = adapter.decodeRequest({ max_tokens: 1, ...body });
    return Response.json({ input_tokens: estimateTokens(ir) });
  } catch (e) {
    if (e instanceof ProtocolError) return errorResponse(adapter, e.ir);
    throw e;
  }
}
