/**
 * The relay's attempt loop: the router orders the candidates (channel, key, endpoint); each is
 * tried with the request prepared for it (passed through when the channel speaks the client's
 * format, converted through the IR otherwise) until one answers, the failure is one no other
 * candidate may repeat, or the attempt or time bounds are reached. Only before anything reached
 * the client: once a stream is committed there is no retry.
 */
import type { Admission } from "../accounting/budget";
import type { IRError, IRRequest, IRUsage } from "../protocols/ir";
import { emptyUsage, ProtocolError } from "../protocols/ir";
import { ADAPTERS } from "../protocols";
import type { Candidate } from "../routing/router";
import { conversationKey } from "../routing/conversation";
import { classifyStatus, isRetryable } from "../routing/retry";
import { attempt, type Prepared } from "./attempt";
import type { Attempt, RelayContext } from "./context";
import { errorResponse, irError } from "./errors";
import { maxOutputTokens, missingContent, type Inbound } from "./inbound";

type Json = Record<string, unknown>;

/**
 * The upstream body for one candidate: the client's own body when the formats match, else the IR
 * encoded for the channel (also when the client replays signatures Octopus wrapped, which only
 * the IR unwraps and filters). Throws the client's ProtocolError when its request cannot be read.
 */
function prepare(inbound: Inbound, candidate: Candidate, decoded: () => IRRequest): Prepared {
  if (candidate.format === inbound.format && !inbound.wrappedSignatures) {
    // Gemini names the model in the URL, the others in the body.
    const sameModel = inbound.format === "gemini" || inbound.body.model === candidate.model;
    const body: Json = sameModel ? inbound.body : { ...inbound.body, model: candidate.model };
    if (inbound.format === "openai-chat" && inbound.stream) {
      const asked = (inbound.body.stream_options as Json | undefined)?.include_usage === true;
      if (sameModel && asked) return { passthrough: true, body, text: inbound.text, dropUsageChunk: false };
      const changed = sameModel ? { ...body } : body;
      changed.stream_options = { ...(inbound.body.stream_options as Json), include_usage: true };
      return { passthrough: true, body: changed, dropUsageChunk: !asked };
    }
    return { passthrough: true, body, text: sameModel ? inbound.text : undefined, dropUsageChunk: false };
  }
  const request = decoded();
  const body = ADAPTERS[candidate.format].encodeRequest({ ...request, model: candidate.model }) as Json;
  return { passthrough: false, body, request };
}

/** What the client is told when every attempt failed. */
function finalError(error: IRError): IRError {
  if (error.kind === "authentication" || error.kind === "permission")
    return irError("server_error", `the upstream channel refused its credentials (${error.status})`, 502);
  return error;
}

export async function relay(ctx: RelayContext, inbound: Inbound): Promise<Response> {
  const started = Date.now();
  const settings = ctx.state.settings;
  const deadline = started + settings.relay_deadline * 1000;
  const group = ctx.state.modelNames.resolve(inbound.model);
  const attempts: Attempt[] = [];
  let admission: Admission | undefined;
  const live = ctx.inFlight;
  /** What this request counts in `live` until it ends: a request, and a stream once one is handed out. */
  let counted: "request" | "stream" | undefined;
  const leave = () => {
    if (!live || !counted) return;
    live.requests--;
    if (counted === "stream") live.streams--;
    counted = undefined;
  };
  const report = (status: number, candidate: Candidate | undefined, usage: IRUsage, ttfbMs: number, error?: IRError, response?: string) => {
    try {
      ctx.onOutcome?.(
        {
          time: started,
          apiKey: inbound.apiKey,
          format: inbound.format,
          model: inbound.model,
          channelId: candidate?.channel.id ?? 0,
          channelName: candidate?.channel.name ?? "",
          actualModel: candidate?.model ?? "",
          status,
          usage,
          ttfbMs,
          durationMs: Date.now() - started,
          error,
          attempts,
        },
        { request: inbound.captured, response },
      );
    } finally {
      // After the cost was counted, so the budget never sees the request neither held nor spent.
      admission?.release();
      leave();
    }
  };
  const fail = (error: IRError, candidate?: Candidate) => {
    report(error.status, candidate, emptyUsage(), 0, error);
    return errorResponse(inbound.adapter, error);
  };

  const missing = missingContent(inbound.format, inbound.body);
  if (missing) return fail(missing);
  if (!group) return fail(irError("not_found", `model ${JSON.stringify(inbound.model)} does not exist`));

  // Sticky routing keys on the conversation the client names, else on its API key.
  const session = { apiKeyId: inbound.apiKey.id, conversation: conversationKey(inbound.format, inbound.body, inbound.request.headers) };
  let plan = ctx.router.plan(group, session);
  // Everything cooling down: wait for the first to be ready, never past the deadline.
  if (plan.readyAt !== undefined && plan.readyAt < deadline) {
    await Bun.sleep(Math.max(0, plan.readyAt - Date.now()));
    plan = ctx.router.plan(group, session);
  }
  const admitted = ctx.admit?.(inbound.apiKey, () => ({
    inputTokens: Math.ceil(inbound.size / 4),
    maxOutputTokens: maxOutputTokens(inbound.format, inbound.body),
    candidates: group.items.map((i) => ({ channelId: i.channel_id, model: i.model })),
  }));
  if (admitted && "kind" in admitted) return fail(admitted);
  admission = admitted;
  if (live) {
    live.requests++;
    counted = "request";
  }
  // Until a stream is handed to the client (which releases the budget when it ends), every way
  // out of here, a throw included, releases what this request holds.
  let answer: Response | undefined;
  let handedOff = false;
  try {
    let ir: IRRequest | undefined;
    const decoded = () => (ir ??= inbound.adapter.decodeRequest(inbound.body, { model: inbound.model, stream: inbound.stream }));
    let last: IRError | undefined;
    let lastCandidate: Candidate | undefined;
    for (const candidate of plan.attempts) {
      if (attempts.length >= settings.relay_max_attempts || Date.now() >= deadline) break;
      let prepared: Prepared;
      try {
        prepared = prepare(inbound, candidate, decoded);
      } catch (e) {
        if (e instanceof ProtocolError) return fail(e.ir);
        throw e;
      }
      const began = Date.now();
      ctx.router.begin(candidate);
      const result = await attempt(ctx, inbound, candidate, prepared, deadline);
      attempts.push({
        channel_id: candidate.channel.id,
        channel_name: candidate.channel.name,
        key_remark: candidate.key.remark,
        endpoint: candidate.baseUrl,
        status: result.ok ? 200 : result.error.status,
        duration_ms: Date.now() - began,
        ...(!result.ok && { error: result.error.message }),
      });
      if (result.ok) {
        answer = result.response;
        if (live && inbound.stream) {
          live.streams++;
          counted = "stream";
        }
        ctx.router.report(candidate, { ok: true, ttfbMs: result.ttfbMs }, group, session);
        result.finish((usage, error, captured) => {
          // A stream that broke after it was committed still tells on its channel.
          report(error ? error.status : 200, candidate, usage, result.ttfbMs, error, captured);
          if (error && error.status !== 499) ctx.router.report(candidate, { ok: false, kind: classifyStatus(error.status), message: error.message });
        });
        handedOff = true;
        return answer;
      }
      last = result.error;
      lastCandidate = candidate;
      if (!result.kind) break;
      ctx.router.report(candidate, { ok: false, kind: result.kind, message: result.error.message, retryAfterMs: result.error.retryAfter && result.error.retryAfter * 1000 });
      if (!isRetryable(result.kind)) break;
    }
    if (last) return fail(finalError(last), lastCandidate);
    const wait = plan.readyAt !== undefined ? Math.ceil((plan.readyAt - Date.now()) / 1000) : undefined;
    return fail({ ...irError("overloaded", `no channel of ${JSON.stringify(inbound.model)} is available now`), ...(wait && wait > 0 && { retryAfter: wait }) });
  } finally {
    if (!handedOff) {
      admission?.release();
      leave();
      void answer?.body?.cancel().catch(() => {});
    }
  }
}
