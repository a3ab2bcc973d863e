/**
 * The relay's attempt loop, for every relayed call (generation, embeddings, token counting): the
 * key's budget, then the plan's candidates (channel, key, endpoint), each tried with the request
 * prepared for it (passed through when the channel speaks the client's format, converted through
 * the IR otherwise) until one answers, the failure is one no other candidate may repeat, or the
 * attempt or time bounds are reached. Only before anything reached the client: once a stream is
 * committed there is no retry. Every outcome is reported to accounting (cost, stats, log).
 */
import type { Admission } from "../accounting/budget";
import type { Format, IRError, IRRequest, IRUsage } from "../protocols/ir";
import { emptyUsage, ProtocolError } from "../protocols/ir";
import { ADAPTERS } from "../protocols";
import type { Candidate } from "../routing/router";
import { isRetryable } from "../routing/retry";
import { attempt, type Prepared } from "./attempt";
import type { RelayContext } from "./context";
import { errorResponse, irError } from "./errors";
import type { Inbound } from "./inbound";
import { AttemptPlan } from "./plan";

type Json = Record<string, unknown>;

/**
 * The upstream body for one candidate: the client's own body when the formats match, else the IR
 * encoded for the channel (also when the client replays signatures Octopus wrapped, which only
 * the IR unwraps and filters). Throws the client's ProtocolError when its request cannot be read.
 */
function prepare(inbound: Inbound, candidate: Candidate, decoded: () => IRRequest): Prepared {
  if (candidate.format === inbound.format && !inbound.wrappedSignatures)
    return { passthrough: true, ...inbound.adapter.passthrough(inbound.body, inbound.text, candidate.model, inbound.stream) };
  const request = decoded();
  const body = ADAPTERS[candidate.format].encodeRequest({ ...request, model: candidate.model }) as Json;
  return { passthrough: false, body, request };
}

/** What differs between the calls the loop relays: generation, embeddings, token counting. */
export interface Call {
  /** Channel formats that can serve the call; every format when absent. */
  formats?: Format[];
  /** What the client's request lacks for this call, checked before anything else. */
  invalid?(inbound: Inbound): IRError | undefined;
  /** The upstream request for one candidate; throws the client's ProtocolError when its request cannot be read. */
  prepare(inbound: Inbound, candidate: Candidate, decoded: () => IRRequest): Prepared;
  /** The most output the call may produce, for the budget's estimate. */
  maxOutputTokens(inbound: Inbound): number;
  /** Why the group cannot serve the call when it has no channel of the call's formats (else a 503 "none available now"). */
  unservable?(model: string): IRError;
  /**
   * Octopus's own answer when no channel answered (none usable, or every one failed as another
   * might not); throws the client's ProtocolError when its request cannot be read.
   */
  fallback?(inbound: Inbound): Response;
}

/** Chat, Responses, Messages, Gemini generateContent. */
export const GENERATE: Call = {
  invalid: (inbound) => inbound.adapter.missingContent(inbound.body),
  prepare,
  // 4096 when the client sets no limit.
  maxOutputTokens: (inbound) => inbound.adapter.maxOutputTokens(inbound.body) ?? 4096,
};

/** What the client is told when every attempt failed. */
function finalError(error: IRError): IRError {
  if (error.kind === "authentication" || error.kind === "permission")
    return irError("server_error", `the upstream channel refused its credentials (${error.status})`, 502);
  return error;
}

export async function relay(ctx: RelayContext, inbound: Inbound, call: Call = GENERATE): Promise<Response> {
  const { clock } = ctx;
  const started = clock.now();
  const settings = ctx.state.settings;
  const deadline = started + settings.relay_deadline * 1000;
  const group = ctx.state.modelNames.resolve(inbound.model);
  let plan: AttemptPlan | undefined;
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
          durationMs: clock.now() - started,
          error,
          attempts: plan?.attempts ?? [],
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

  const invalid = call.invalid?.(inbound);
  if (invalid) return fail(invalid);
  if (!group) return fail(irError("not_found", `model ${JSON.stringify(inbound.model)} does not exist`));

  // Sticky routing keys on the conversation the client names, else on its API key.
  const session = { apiKeyId: inbound.apiKey.id, conversation: inbound.adapter.conversationKey(inbound.body, inbound.request.headers) };
  plan = await AttemptPlan.open(ctx, group, session, deadline, { client: inbound.format, formats: call.formats, wait: !call.fallback });
  if (plan.unservable && call.unservable) return fail(call.unservable(inbound.model));
  const admitted = ctx.admit?.(inbound.apiKey, () => ({
    inputTokens: Math.ceil(inbound.size / 4),
    maxOutputTokens: call.maxOutputTokens(inbound),
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
    for (let candidate = plan.next(); candidate; candidate = plan.next()) {
      let prepared: Prepared;
      try {
        prepared = call.prepare(inbound, candidate, decoded);
      } catch (e) {
        if (e instanceof ProtocolError) return fail(e.ir);
        throw e;
      }
      plan.begin();
      const result = await attempt(ctx, inbound, candidate, prepared, deadline);
      if (!result.ok) {
        plan.failed(result);
        continue;
      }
      answer = result.response;
      if (live && inbound.stream) {
        live.streams++;
        counted = "stream";
      }
      plan.succeeded(result.ttfbMs);
      const served = plan;
      result.finish((usage, error, captured) => {
        report(error ? error.status : 200, candidate, usage, result.ttfbMs, error, captured);
        if (error) served.broke(candidate, error);
      });
      handedOff = true;
      return answer;
    }
    const last = plan.last;
    if (call.fallback && (!last || (last.kind && isRetryable(last.kind)))) {
      let own: Response;
      try {
        own = call.fallback(inbound);
      } catch (e) {
        if (e instanceof ProtocolError) return fail(e.ir);
        throw e;
      }
      report(200, undefined, emptyUsage(), 0);
      return own;
    }
    if (last) return fail(finalError(last.error), last.candidate);
    const wait = plan.readyAt !== undefined ? Math.ceil((plan.readyAt - clock.now()) / 1000) : undefined;
    return fail({ ...irError("overloaded", `no channel of ${JSON.stringify(inbound.model)} is available now`), ...(wait && wait > 0 && { retryAfter: wait }) });
  } finally {
    if (!handedOff) {
      admission?.release();
      leave();
      void answer?.body?.cancel().catch(() => {});
    }
  }
}
