/**
 * The intermediate representation every wire format converts to and from.
 * N formats need 2N adapters (wire ⇄ IR), never N².
 *
 * Conventions that every adapter keeps:
 * - Roles are only "user" and "assistant"; the system prompt is separate; tool results are
 *   `tool_result` parts of a user message (OpenAI `tool` messages become such parts).
 * - Tool arguments are JSON text; a call without arguments carries "{}" (never "").
 * - Usage counts follow OpenAI's arithmetic: `inputTokens` is the whole prompt, *including*
 *   cache reads and writes; `outputTokens` includes reasoning tokens. Anthropic adapters add
 *   and subtract the cache counts at their edge.
 * - A signature (Anthropic thinking signature, Gemini thought signature, Responses encrypted
 *   reasoning) records the format that produced it. Request encoders (bound for a channel) send
 *   only their own format's signatures: one provider never sees another's. Response and stream
 *   encoders (bound for a client) write every signature into the client's opaque field, others
 *   wrapped (`signatureForClient`), and request decoders unwrap what comes back
 *   (`signatureFromClient`), so a signature survives a trip through any client.
 * - A signature-only thinking part (empty text) signs the part after it. Gemini signs function
 *   calls; clients with no signature field on calls get such a part before the call instead.
 * - Tool names are the names every channel sees. A client's tool of a shape other formats lack is
 *   flattened into a plain function (`IRTool.namespace`, `IRTool.freeform`), and only the
 *   client-bound encoders of its format, given the client's request, turn calls back into that shape.
 * - Tools the IR cannot express (hosted or server tools run by one provider: web search, code
 *   execution, …) are dropped by the request decoders, with the history items they produced.
 */

/**
 * Every wire format (a folder under protocols/ with its adapter in protocols/index.ts), one line
 * each: its name and the origin code of its signatures when wrapped for another client (see `WRAP_HEAD`).
 */
const ORIGIN_CODE = {
  "openai-chat": "oac",
  "openai-responses": "oar",
  anthropic: "ant",
  gemini: "gem",
} as const;

export type Format = keyof typeof ORIGIN_CODE;

export const FORMATS = Object.keys(ORIGIN_CODE) as readonly Format[];

export interface IRSignature {
  format: Format;
  value: string;
}

export type IRImageSource =
  | { kind: "url"; url: string }
  | { kind: "base64"; mediaType: string; data: string };

export interface IRTextPart {
  type: "text";
  text: string;
}

export interface IRImagePart {
  type: "image";
  source: IRImageSource;
}

export interface IRToolCallPart {
  type: "tool_call";
  id: string;
  name: string;
  /** JSON text of the arguments object; "{}" when there are none. */
  arguments: string;
  signature?: IRSignature;
}

export interface IRToolResultPart {
  type: "tool_result";
  callId: string;
  /** The called function's name, when the format knows it (Gemini needs it). */
  name?: string;
  content: (IRTextPart | IRImagePart)[];
  isError?: boolean;
}

export interface IRThinkingPart {
  type: "thinking";
  text: string;
  signature?: IRSignature;
  /** Anthropic `redacted_thinking`: `text` is empty and the opaque data is in `signature`. */
  redacted?: boolean;
}

export type IRPart = IRTextPart | IRImagePart | IRToolCallPart | IRToolResultPart | IRThinkingPart;

export interface IRMessage {
  role: "user" | "assistant";
  parts: IRPart[];
}

export interface IRTool {
  name: string;
  description?: string;
  /** JSON Schema of the arguments object. */
  parameters: Record<string, unknown>;
  /** A tool of a namespace (Responses `namespace` tools): `name` is `namespacedName(namespace, its own name)`. */
  namespace?: string;
  /**
   * A freeform tool (Responses `custom`), called with text rather than JSON: channels see a
   * function whose one required string parameter, `input`, carries the text.
   */
  freeform?: boolean;
}

/**
 * A namespaced tool's IR name: "<namespace>__<name>". Two underscores, since every format accepts
 * them in a function name (dots and slashes are refused by some).
 */
const NAMESPACE_SEPARATOR = "__";

export const namespacedName = (namespace: string, name: string): string => `${namespace}${NAMESPACE_SEPARATOR}${name}`;

/** A tool's name within its namespace; the IR name for a tool of none. */
export const ownName = (tool: IRTool): string =>
  tool.namespace === undefined ? tool.name : tool.name.slice(tool.namespace.length + NAMESPACE_SEPARATOR.length);

export type IRToolChoice =
  | { type: "auto" }
  | { type: "none" }
  | { type: "required" }
  | { type: "tool"; name: string };

export type IRReasoningEffort = "minimal" | "low" | "medium" | "high";

export interface IRReasoning {
  /** Effort as OpenAI names it; adapters map it to a thinking budget and back. */
  effort?: IRReasoningEffort;
  /** Thinking budget in tokens (Anthropic `budget_tokens`, Gemini `thinkingBudget`). */
  budgetTokens?: number;
  /** False when the client turned thinking off explicitly. */
  enabled?: boolean;
  /** Ask the upstream to return its thoughts (Gemini `includeThoughts`, Responses summaries). */
  includeThoughts?: boolean;
}

export type IRResponseFormat =
  | { type: "text" }
  | { type: "json_object" }
  | { type: "json_schema"; name: string; schema: Record<string, unknown>; strict?: boolean };

export interface IRRequest {
  model: string;
  stream: boolean;
  system?: string;
  messages: IRMessage[];
  tools?: IRTool[];
  toolChoice?: IRToolChoice;
  parallelToolCalls?: boolean;
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  stop?: string[];
  reasoning?: IRReasoning;
  responseFormat?: IRResponseFormat;
  /** End-user id for abuse tracking (OpenAI `user`, Anthropic `metadata.user_id`). */
  user?: string;
  /** The client asked for usage in its stream (OpenAI chat `stream_options.include_usage`). */
  streamUsage?: boolean;
}

export type IRFinishReason =
  | "stop" // natural end or a stop sequence
  | "length" // max tokens
  | "tool_calls"
  | "content_filter" // Gemini SAFETY/RECITATION/…, OpenAI content_filter
  | "refusal" // Anthropic refusal
  | "pause" // Anthropic pause_turn (server tool loop paused)
  | "context_window" // Anthropic model_context_window_exceeded
  | "error";

export interface IRUsage {
  /** Whole prompt, including cache reads and writes. */
  inputTokens: number;
  /** Whole completion, including reasoning tokens. */
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
}

export const emptyUsage = (): IRUsage => ({
  inputTokens: 0,
  outputTokens: 0,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  reasoningTokens: 0,
});

export interface IRResponse {
  id: string;
  model: string;
  /** Unix seconds. */
  created: number;
  /** Assistant output in order: thinking, text and tool_call parts. */
  parts: IRPart[];
  finishReason: IRFinishReason;
  usage: IRUsage;
}

/**
 * Stream events. A decoder emits a well-formed sequence: one `start` first; content blocks
 * strictly one after another (`block_start`, its deltas, `block_stop`, then the next block;
 * `signature` deltas only in thinking blocks);
 * `usage` whenever the upstream reports it (cumulative: the latest one wins); and last either
 * `finish` or `error`. Encoders may rely on this order.
 */
export type IRBlock =
  | { type: "text" }
  /** `redacted`: Anthropic `redacted_thinking`, whose opaque data comes as the block's signature. */
  | { type: "thinking"; redacted?: boolean }
  /** A call's signature comes with its start (calls that are signed arrive whole). */
  | { type: "tool_call"; id: string; name: string; signature?: IRSignature };

export type IRDelta =
  | { type: "text"; text: string }
  | { type: "thinking"; text: string }
  | { type: "signature"; signature: IRSignature }
  | { type: "arguments"; json: string };

export type IRStreamEvent =
  | { type: "start"; id: string; model: string; created: number }
  | { type: "block_start"; index: number; block: IRBlock }
  | { type: "block_delta"; index: number; delta: IRDelta }
  | { type: "block_stop"; index: number }
  | { type: "usage"; usage: IRUsage }
  | { type: "finish"; reason: IRFinishReason; usage: IRUsage }
  | { type: "error"; error: IRError };

export type IRErrorKind =
  | "invalid_request" // 400
  | "authentication" // 401
  | "permission" // 403
  | "not_found" // 404
  | "request_too_large" // 413
  | "rate_limit" // 429
  | "server_error" // 500
  | "overloaded" // 503 / Anthropic 529
  | "timeout"; // 504

export interface IRError {
  status: number;
  kind: IRErrorKind;
  message: string;
  /**
   * Seconds to wait before retrying, when the error body says so (Gemini `RetryInfo`). Error
   * decoders read only the body; the relay also reads the upstream's `retry-after` header.
   */
  retryAfter?: number;
}

export const KIND_STATUS: Record<IRErrorKind, number> = {
  invalid_request: 400,
  authentication: 401,
  permission: 403,
  not_found: 404,
  request_too_large: 413,
  rate_limit: 429,
  server_error: 500,
  overloaded: 503,
  timeout: 504,
};

export function kindOfStatus(status: number): IRErrorKind {
  if (status === 401) return "authentication";
  if (status === 403) return "permission";
  if (status === 404) return "not_found";
  if (status === 408 || status === 504) return "timeout";
  if (status === 413) return "request_too_large";
  if (status === 429) return "rate_limit";
  if (status === 503 || status === 529) return "overloaded";
  if (status >= 500) return "server_error";
  return "invalid_request";
}

/** An error that carries its IR shape; thrown by decoders on invalid input. */
export class ProtocolError extends Error {
  readonly ir: IRError;
  constructor(kind: IRErrorKind, message: string, status = KIND_STATUS[kind]) {
    super(message);
    this.ir = { status, kind, message };
  }
}

export const invalid = (message: string) => new ProtocolError("invalid_request", message);

/** An upstream answer the gateway cannot read: the upstream's fault (502), not the client's. */
export const badUpstream = (message: string) => new ProtocolError("server_error", message, 502);

/** One mapping between OpenAI's reasoning effort and a thinking budget, used by every adapter. */
export const EFFORT_BUDGET: Record<IRReasoningEffort, number> = {
  minimal: 1024,
  low: 4096,
  medium: 12288,
  high: 32768,
};

export function effortOfBudget(budget: number): IRReasoningEffort {
  if (budget <= EFFORT_BUDGET.minimal) return "minimal";
  if (budget <= EFFORT_BUDGET.low) return "low";
  if (budget <= EFFORT_BUDGET.medium) return "medium";
  return "high";
}

/**
 * Signatures in a client's opaque field. A client sends back on its next turn what the gateway
 * wrote into that field (Anthropic thinking `signature` or `redacted_thinking.data`, Responses
 * `encrypted_content`, Gemini `thoughtSignature`, OpenAI chat `reasoning_details`), so a signature
 * another format produced is written there wrapped:
 *
 *   "octopus1" <origin: 3 letters> <kind: 1 letter> <base64 of the value's UTF-8 bytes>
 *   origin: "ant" anthropic, "gem" gemini, "oac" openai-chat, "oar" openai-responses
 *   kind:   "S" a signature, "R" the data of redacted thinking
 *
 * e.g. "octopus1antS" + base64(signature). The 12-letter head and the base64 tail make the whole
 * valid base64 too, so SDKs that hold the field as bytes (Gemini's) give it back unchanged or in the
 * URL-safe alphabet, which unwrapping also reads. Provider values never begin with the head, and a
 * value in the client's own format is written and read as it is.
 */
export const WRAP_HEAD = "octopus1";
const FORMAT_OF_CODE = Object.fromEntries(FORMATS.map((f) => [ORIGIN_CODE[f], f]));
const WRAPPED = new RegExp(`^${WRAP_HEAD}(${Object.values(ORIGIN_CODE).join("|")})([SR])([A-Za-z0-9+/_-]*={0,2})$`);

/** The value a client of format `client` holds for this signature. */
export function signatureForClient(client: Format, signature: IRSignature, redacted = false): string {
  if (signature.format === client) return signature.value;
  const tail = Buffer.from(signature.value, "utf8").toString("base64");
  return `${WRAP_HEAD}${ORIGIN_CODE[signature.format]}${redacted ? "R" : "S"}${tail}`;
}

/** A value a client of format `client` sent back: unwrapped, or else a signature of that format. */
export function signatureFromClient(client: Format, value: string): { signature: IRSignature; redacted: boolean } {
  const m = WRAPPED.exec(value);
  if (!m) return { signature: { format: client, value }, redacted: false };
  return { signature: { format: FORMAT_OF_CODE[m[1]], value: Buffer.from(m[3], "base64").toString("utf8") }, redacted: m[2] === "R" };
}

/** The value a channel of format `channel` can verify; undefined for other formats' signatures. */
export const channelSignature = (channel: Format, signature: IRSignature | undefined): string | undefined =>
  signature?.format === channel ? signature.value : undefined;

/** The gateway's two sides: the channel (upstream) a request goes to, the client it came from. */
export type Side = "channel" | "client";

/** The value an encoder of `format` writes for this signature to side `to`; undefined when it writes none. */
export function signatureFor(format: Format, to: Side, signature: IRSignature | undefined, redacted = false): string | undefined {
  if (signature === undefined) return undefined;
  return to === "channel" ? channelSignature(format, signature) : signatureForClient(format, signature, redacted);
}

/** For clients without a signature field on calls: each call's signature moves to a thinking part before it. */
export function carryCallSignatures(parts: IRPart[]): IRPart[] {
  return parts.flatMap((p): IRPart[] => {
    if (p.type !== "tool_call" || p.signature === undefined) return [p];
    const { signature, ...call } = p;
    return [{ type: "thinking", text: "", signature }, call];
  });
}
