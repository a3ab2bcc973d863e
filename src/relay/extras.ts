/**
 * Side calls of the client API, relayed through the same attempt loop as generation to the
 * channels whose format answers them (each adapter's `upstreamSideCalls`): embeddings and token
 * counting (estimated when no channel answers).
 */
import { ADAPTERS } from "../protocols";
import type { SideCallName } from "../protocols/adapter";
import { emptyUsage, FORMATS, type IRRequest, type IRUsage } from "../protocols/ir";
import type { Candidate } from "../routing/router";
import type { Prepared, SideCall } from "./attempt";
import { irError } from "./errors";
import type { Inbound } from "./inbound";
import { GENERATE, type Call } from "./pipeline";

const answeredBy = (side: SideCallName) => FORMATS.filter((format) => ADAPTERS[format].upstreamSideCalls.includes(side));

/** The client's body with the channel's model name, to `side`. */
const passedTo = (side: SideCall) => (inbound: Inbound, candidate: Candidate): Prepared => ({
  passthrough: true,
  body: { ...inbound.body, model: candidate.model },
  side,
});

const embeddingUsage = (answer: unknown): IRUsage => {
  const tokens = Number((answer as { usage?: { prompt_tokens?: unknown } } | null)?.usage?.prompt_tokens);
  return { ...emptyUsage(), inputTokens: Number.isFinite(tokens) ? tokens : 0 };
};

/** `POST /v1/embeddings`: passed through to the group's OpenAI channels. */
const EMBEDDINGS: Call = {
  formats: answeredBy("embeddings"),
  prepare: passedTo({ path: "/embeddings", usage: embeddingUsage }),
  maxOutputTokens: () => 0,
  unservable: (model) => irError("invalid_request", `no channel of ${JSON.stringify(model)} can serve embeddings: they are relayed to OpenAI channels only`),
};

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

/** `POST /v1/messages/count_tokens`: asked of the group's Anthropic channels, estimated when none answers. */
const COUNT_TOKENS: Call = {
  formats: answeredBy("count_tokens"),
  invalid: GENERATE.invalid,
  // Counting is free upstream: nothing to charge.
  prepare: passedTo({ path: "/messages/count_tokens", usage: emptyUsage }),
  maxOutputTokens: () => 0,
  fallback(inbound) {
    // count_tokens bodies carry no max_tokens, which the Messages decoder requires.
    const ir = inbound.adapter.decodeRequest({ max_tokens: 1, ...inbound.body });
    return Response.json({ input_tokens: estimateTokens(ir) });
  },
};

/** What each client route's `side` names. */
export const SIDE_CALLS: Record<SideCallName, Call> = { embeddings: EMBEDDINGS, count_tokens: COUNT_TOKENS };
