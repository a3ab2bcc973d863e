/**
 * One try of a request against one candidate: send it with its timeouts, read the answer (a
 * whole JSON body, or a stream primed until its first real event), and say either how to answer
 * the client or why it failed and what kind of failure that was.
 */
import type { PassedThrough } from "../protocols/adapter";
import type { IRError, IRRequest, IRUsage } from "../protocols/ir";
import { kindOfStatus, ProtocolError } from "../protocols/ir";
import { AuthorizeError } from "../channels/target";
import { ADAPTERS } from "../protocols";
import type { Candidate } from "../routing/router";
import { classifyStatus, type FailureKind } from "../routing/retry";
import { redact } from "../secrets";
import type { RelayContext } from "./context";
import { irError } from "./errors";
import { fetchFailure } from "./fetch-error";
import type { Inbound } from "./inbound";
import { RelayStream } from "./stream";
import { convertTransform, passthroughTransform, unwrapTransform } from "./transforms";
import { buildUpstream, sendUpstream, targetOf } from "./upstream";

type Json = Record<string, unknown>;

/** The upstream request for one candidate, and how its answer goes back. */
export type Prepared =
  | (PassedThrough & {
      /** Same format: the client's body forwarded, the answer's bytes returned. */
      passthrough: true;
      /** A call to another path of the channel's API than generation's. */
      side?: SideCall;
    })
  | {
      /** Through the IR both ways; the client's request shapes the answer (tool names, usage chunk). */
      passthrough: false;
      body: Json;
      request: IRRequest;
    };

/** Embeddings, token counting: a JSON call to `path` under the channel's base URL, whose answer's usage `usage` reads. */
export interface SideCall {
  path: string;
  usage(answer: unknown): IRUsage;
}

/** What a try reads of the client's request (a channel test makes one up). */
export type AttemptInbound = Pick<Inbound, "format" | "adapter" | "request" | "model" | "stream">;

export type OnEnd = (usage: IRUsage, error?: IRError, captured?: string) => void;

/** A failed try: `kind` is absent when the client went away (nothing to retry, nobody to blame). */
export interface Failure {
  error: IRError;
  kind?: FailureKind;
}

export type AttemptResult = { ok: true; response: Response; ttfbMs: number; finish: (onEnd: OnEnd) => void } | ({ ok: false } & Failure);

const SSE_HEADERS = { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", "x-accel-buffering": "no" };

const CLIENT_GONE = irError("invalid_request", "client closed the connection", 499);

export async function attempt(ctx: RelayContext, inbound: AttemptInbound, candidate: Candidate, prepared: Prepared, deadline: number): Promise<AttemptResult> {
  const { clock } = ctx;
  const settings = ctx.state.settings;
  const group = ctx.state.modelNames.resolve(inbound.model);
  const firstByteMs = Math.max(1, Math.min((group?.first_byte_timeout || settings.relay_first_byte_timeout) * 1000, deadline - clock.now()));
  const controller = new AbortController();
  const onClientGone = () => controller.abort();
  inbound.request.signal.addEventListener("abort", onClientGone, { once: true });
  const release = () => inbound.request.signal.removeEventListener("abort", onClientGone);
  const started = clock.now();
  const captureLimit = ctx.captureLimit?.() ?? 0;
  const target = targetOf(candidate);
  const side = prepared.passthrough ? prepared.side : undefined;

  // The first byte's bound covers the authorize step too (a token exchange, on the first call of a key).
  const headerTimer = clock.setTimeout(() => controller.abort(), firstByteMs);
  let response: Response;
  try {
    const pending = ctx.authorizers.credential(target, candidate.key.key, candidate.baseUrl, { signal: controller.signal, proxy: candidate.channel.proxy_url || undefined });
    const credential = pending instanceof Promise ? await pending : pending;
    const upstream = buildUpstream(candidate, target, credential, prepared.body, inbound.stream, inbound.request.headers, prepared.passthrough ? prepared.text : undefined);
    if (side) upstream.url = candidate.baseUrl.replace(/\/+$/, "") + side.path;
    response = await sendUpstream(upstream, controller.signal);
  } catch (e) {
    release();
    if (inbound.request.signal.aborted) return { ok: false, error: CLIENT_GONE };
    if (controller.signal.aborted)
      return { ok: false, error: irError("timeout", `upstream did not answer within ${Math.round(firstByteMs / 1000)}s`), kind: "timeout" };
    // The provider refused the key (another may serve) or failed: its words, never the key.
    if (e instanceof AuthorizeError) return { ok: false, error: irError(kindOfStatus(e.status), e.message, e.status), kind: classifyStatus(e.status) };
    const failure = fetchFailure(e);
    const status = failure.reason === "timeout" ? 504 : 502;
    return { ok: false, error: irError("server_error", `upstream request failed: ${failure.message}`, status), kind: failure.kind ?? "server" };
  } finally {
    clearTimeout(headerTimer);
  }
  const outbound = ADAPTERS[candidate.format];

  if (!response.ok) {
    release();
    if (response.status === 401) ctx.authorizers.of(target)?.refused(candidate.key.key);
    const error = outbound.decodeError(response.status, await response.text().catch(() => ""));
    // Some providers quote the key they were sent: the client must not learn it (here and below).
    error.message = redact(error.message);
    const retryAfter = Number(response.headers.get("retry-after"));
    if (Number.isFinite(retryAfter) && retryAfter > 0) error.retryAfter = retryAfter;
    return { ok: false, error, kind: classifyStatus(response.status) };
  }

  if (!inbound.stream) {
    const totalMs = (group?.request_timeout || 0) * 1000 || Math.max(1, deadline - clock.now());
    const bodyTimer = clock.setTimeout(() => controller.abort(), totalMs);
    let text: string;
    let parsed: unknown;
    try {
      text = await response.text();
      parsed = JSON.parse(text);
      if (target.envelope) text = JSON.stringify((parsed = target.envelope.unwrap(parsed)));
    } catch {
      if (inbound.request.signal.aborted) return { ok: false, error: CLIENT_GONE };
      if (controller.signal.aborted)
        return { ok: false, error: irError("timeout", `upstream did not finish its answer within ${Math.round(totalMs / 1000)}s`), kind: "timeout" };
      return { ok: false, error: irError("server_error", "upstream answered with a body that is not JSON", 502), kind: "server" };
    } finally {
      clearTimeout(bodyTimer);
      release();
    }
    let usage: IRUsage;
    let out: string;
    try {
      if (side) {
        usage = side.usage(parsed);
        out = text;
      } else {
        const ir = outbound.decodeResponse(parsed);
        usage = ir.usage;
        // Same format: the upstream's bytes, unchanged.
        out = prepared.passthrough ? text : JSON.stringify(inbound.adapter.encodeResponse(ir, prepared.request));
      }
    } catch (e) {
      const message = e instanceof ProtocolError ? e.message : "upstream answer could not be read";
      return { ok: false, error: irError("server_error", message, 502), kind: "server" };
    }
    const captured = captureLimit > 0 ? out.slice(0, captureLimit) : undefined;
    const answer = new Response(out, { headers: { "content-type": "application/json" } });
    return { ok: true, response: answer, ttfbMs: clock.now() - started, finish: (onEnd) => onEnd(usage, undefined, captured) };
  }

  const maxEventSize = ctx.limits.maxSseEventSize;
  const transform = prepared.passthrough
    ? passthroughTransform(inbound.format, maxEventSize, prepared.filter)
    : convertTransform(candidate.format, inbound.format, maxEventSize, prepared.request);
  let onEnd: OnEnd = () => {};
  const idleMs = (group?.stream_idle_timeout || settings.relay_stream_idle_timeout) * 1000;
  const stream = new RelayStream(response.body!.getReader(), target.envelope ? unwrapTransform(transform, target.envelope, maxEventSize) : transform, controller, idleMs, captureLimit, (end) => {
    release();
    onEnd(end.usage, end.error, end.captured);
  }, clock, ctx.closing);
  const opening = await stream.prime(Math.max(1, firstByteMs - (clock.now() - started)));
  if (opening) {
    release();
    if (inbound.request.signal.aborted) return { ok: false, error: CLIENT_GONE };
    return { ok: false, error: { ...opening, message: redact(opening.message) }, kind: classifyStatus(opening.status) };
  }
  return {
    ok: true,
    response: new Response(stream.body(), { headers: SSE_HEADERS }),
    ttfbMs: clock.now() - started,
    finish: (fn) => {
      onEnd = fn;
    },
  };
}
