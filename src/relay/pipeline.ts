/**
 * The relay's attempt loop: for each candidate channel, build the upstream request (pass-through
 * when the channel speaks the client's format, converted through the IR otherwise), send it with
 * timeouts, and answer the client; a failure before anything reached the client moves on to the
 * next candidate when it is worth retrying.
 */
import type { Admission } from "../accounting/budget";
import type { IRError, IRRequest, IRUsage } from "../protocols/ir";
import { emptyUsage, ProtocolError } from "../protocols/ir";
import { ADAPTERS } from "../protocols";
import { candidates, type Candidate } from "../routing/candidates";
import type { Attempt, RelayContext } from "./context";
import { errorResponse, irError } from "./errors";
import { maxOutputTokens, missingContent, type Inbound } from "./inbound";
import { RelayStream } from "./stream";
import { convertTransform, passthroughTransform } from "./transforms";
import { buildUpstream, sendUpstream } from "./upstream";

type Json = Record<string, unknown>;

/** Statuses another channel may not repeat: the request itself was refused. */
const FINAL_STATUSES = new Set([400, 404, 405, 413, 415, 422]);

const SSE_HEADERS = { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", "x-accel-buffering": "no" };

type OnEnd = (usage: IRUsage, error?: IRError, captured?: string) => void;

type AttemptResult =
  | { ok: true; response: Response; ttfbMs: number; finish: (onEnd: OnEnd) => void }
  | { ok: false; error: IRError; retry: boolean };

/** The upstream request for one candidate, and how its answer goes back. */
type Prepared =
  | {
      /** Same format: the client's body forwarded, the answer's bytes returned. */
      passthrough: true;
      body: Json;
      /** OpenAI chat: the client did not ask for the usage chunk Octopus asks upstream for. */
      dropUsageChunk: boolean;
    }
  | {
      /** Through the IR both ways; the client's request shapes the answer (tool names, usage chunk). */
      passthrough: false;
      body: Json;
      request: IRRequest;
    };

/**
 * The upstream body for one candidate: the client's own body when the formats match, else the IR
 * encoded for the channel (also when the client replays signatures Octopus wrapped, which only
 * the IR unwraps and filters). Throws the client's ProtocolError when its request cannot be read.
 */
function prepare(inbound: Inbound, candidate: Candidate, decoded: () => IRRequest): Prepared {
  if (candidate.format === inbound.format && !inbound.wrappedSignatures) {
    const body: Json = inbound.format === "gemini" ? inbound.body : { ...inbound.body, model: candidate.model };
    if (inbound.format === "openai-chat" && inbound.stream) {
      const asked = (inbound.body.stream_options as Json | undefined)?.include_usage === true;
      body.stream_options = { ...(inbound.body.stream_options as Json), include_usage: true };
      return { passthrough: true, body, dropUsageChunk: !asked };
    }
    return { passthrough: true, body, dropUsageChunk: false };
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

async function attempt(ctx: RelayContext, inbound: Inbound, candidate: Candidate, prepared: Prepared, deadline: number): Promise<AttemptResult> {
  const settings = ctx.state.settings;
  const group = ctx.state.groups.get(inbound.model);
  const firstByteMs = Math.min((group?.first_byte_timeout || settings.relay_first_byte_timeout) * 1000, deadline - Date.now());
  const controller = new AbortController();
  const onClientGone = () => controller.abort();
  inbound.request.signal.addEventListener("abort", onClientGone, { once: true });
  const release = () => inbound.request.signal.removeEventListener("abort", onClientGone);
  const started = Date.now();
  const captureLimit = ctx.captureLimit?.() ?? 0;
  const upstream = buildUpstream(candidate, prepared.body, inbound.stream, inbound.request.headers);

  const headerTimer = setTimeout(() => controller.abort(), firstByteMs);
  let response: Response;
  try {
    response = await sendUpstream(upstream, controller.signal);
  } catch {
    clearTimeout(headerTimer);
    release();
    if (inbound.request.signal.aborted) return { ok: false, error: irError("invalid_request", "client closed the connection", 499), retry: false };
    return controller.signal.aborted
      ? { ok: false, error: irError("timeout", `upstream did not answer within ${Math.round(firstByteMs / 1000)}s`), retry: true }
      : { ok: false, error: irError("server_error", "could not connect to the upstream", 502), retry: true };
  }
  clearTimeout(headerTimer);
  const outbound = ADAPTERS[candidate.format];

  if (!response.ok) {
    release();
    const error = outbound.decodeError(response.status, await response.text().catch(() => ""));
    const retryAfter = Number(response.headers.get("retry-after"));
    if (Number.isFinite(retryAfter) && retryAfter > 0) error.retryAfter = retryAfter;
    return { ok: false, error, retry: !FINAL_STATUSES.has(response.status) };
  }

  if (!inbound.stream) {
    const totalMs = Math.max(0, deadline - Date.now());
    const bodyTimer = setTimeout(() => controller.abort(), (group?.request_timeout || 0) * 1000 || totalMs);
    let text: string;
    let parsed: unknown;
    try {
      text = await response.text();
      parsed = JSON.parse(text);
    } catch {
      return { ok: false, error: irError("server_error", "upstream answered with a body that is not JSON", 502), retry: true };
    } finally {
      clearTimeout(bodyTimer);
      release();
    }
    let usage: IRUsage;
    let out: string;
    try {
      const ir = outbound.decodeResponse(parsed);
      usage = ir.usage;
      // Same format: the upstream's bytes, unchanged.
      out = prepared.passthrough ? text : JSON.stringify(inbound.adapter.encodeResponse(ir, prepared.request));
    } catch (e) {
      const message = e instanceof ProtocolError ? e.message : "upstream answer could not be read";
      return { ok: false, error: irError("server_error", message, 502), retry: true };
    }
    const ttfbMs = Date.now() - started;
    const captured = captureLimit > 0 ? out.slice(0, captureLimit) : undefined;
    const answer = new Response(out, { headers: { "content-type": "application/json" } });
    return { ok: true, response: answer, ttfbMs, finish: (onEnd) => onEnd(usage, undefined, captured) };
  }

  const transform = prepared.passthrough
    ? passthroughTransform(inbound.format, ctx.limits.maxSseEventSize, prepared.dropUsageChunk)
    : convertTransform(candidate.format, inbound.format, ctx.limits.maxSseEventSize, prepared.request);
  let onEnd: OnEnd = () => {};
  const idleMs = (group?.stream_idle_timeout || settings.relay_stream_idle_timeout) * 1000;
  const stream = new RelayStream(response.body!.getReader(), transform, controller, idleMs, captureLimit, (end) => {
    release();
    onEnd(end.usage, end.error, end.captured);
  });
  const opening = await stream.prime(Math.max(1, firstByteMs - (Date.now() - started)));
  if (opening) {
    release();
    return { ok: false, error: opening, retry: opening.status !== 400 && !inbound.request.signal.aborted };
  }
  return {
    ok: true,
    response: new Response(stream.body(), { headers: SSE_HEADERS }),
    ttfbMs: Date.now() - started,
    finish: (fn) => {
      onEnd = fn;
    },
  };
}

export async function relay(ctx: RelayContext, inbound: Inbound): Promise<Response> {
  const started = Date.now();
  const settings = ctx.state.settings;
  const deadline = started + settings.relay_deadline * 1000;
  const group = ctx.state.groups.get(inbound.model);
  const attempts: Attempt[] = [];
  let admission: Admission | undefined;
  const report = (status: number, candidate: Candidate | undefined, usage: IRUsage, ttfbMs: number, error?: IRError, response?: string) => {
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
    // After the cost was counted, so the budget never sees the request neither held nor spent.
    admission?.release();
  };
  const fail = (error: IRError, candidate?: Candidate) => {
    report(error.status, candidate, emptyUsage(), 0, error);
    return errorResponse(inbound.adapter, error);
  };

  const missing = missingContent(inbound.format, inbound.body);
  if (missing) return fail(missing);
  if (!group) return fail(irError("not_found", `model ${JSON.stringify(inbound.model)} does not exist`));
  const list = candidates(group, ctx.state.channels).slice(0, settings.relay_max_attempts);
  if (list.length === 0) return fail(irError("overloaded", `no enabled channel serves ${JSON.stringify(inbound.model)}`));
  const admitted = ctx.admit?.(inbound.apiKey, {
    inputTokens: Math.ceil(inbound.size / 4),
    maxOutputTokens: maxOutputTokens(inbound.format, inbound.body),
    candidates: list.map((c) => ({ channelId: c.channel.id, model: c.model })),
  });
  if (admitted && "kind" in admitted) return fail(admitted);
  admission = admitted;

  let ir: IRRequest | undefined;
  const decoded = () => (ir ??= inbound.adapter.decodeRequest(inbound.body, { model: inbound.model, stream: inbound.stream }));
  let last: IRError = irError("server_error", "no attempt was made");
  let lastCandidate: Candidate | undefined;
  for (const candidate of list) {
    if (Date.now() >= deadline) break;
    let prepared: Prepared;
    try {
      prepared = prepare(inbound, candidate, decoded);
    } catch (e) {
      if (e instanceof ProtocolError) return fail(e.ir);
      throw e;
    }
    const began = Date.now();
    const result = await attempt(ctx, inbound, candidate, prepared, deadline);
    const record: Attempt = {
      channel_id: candidate.channel.id,
      channel_name: candidate.channel.name,
      key_remark: candidate.key.remark,
      endpoint: candidate.baseUrl,
      status: result.ok ? 200 : result.error.status,
      duration_ms: Date.now() - began,
      ...(!result.ok && { error: result.error.message }),
    };
    attempts.push(record);
    if (result.ok) {
      result.finish((usage, error, captured) => report(error ? error.status : 200, candidate, usage, result.ttfbMs, error, captured));
      return result.response;
    }
    last = result.error;
    lastCandidate = candidate;
    if (!result.retry) break;
  }
  return fail(finalError(last), lastCandidate);
}
