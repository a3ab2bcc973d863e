import type { ListedModel } from "./model-list";
import type { Format, IRError, IRRequest, IRResponse, IRStreamEvent } from "./ir";
import type { SSEEvent } from "./sse";
import type { StreamTap } from "./stream-ends/tap";

/** Turns one upstream SSE event at a time into IR stream events. */
export interface StreamDecoder {
  push(event: SSEEvent): IRStreamEvent[];
  /** The upstream closed the stream; emits what is owed (an `error` if it ended early). */
  end(): IRStreamEvent[];
}

/** Turns IR stream events into the wire text (zero or more SSE frames) a client reads. */
export interface StreamEncoder {
  push(event: IRStreamEvent): string;
}

export interface InboundContext {
  /** The model named outside the body (Gemini puts it in the URL path). */
  model?: string;
  /** Streaming chosen outside the body (Gemini's `:streamGenerateContent`). */
  stream?: boolean;
}

/** A call beside generation that clients make and some upstreams answer (relay/extras.ts). */
export type SideCallName = "embeddings" | "count_tokens";

/** One `POST` route where this format's clients call Octopus. */
export interface ClientRoute {
  /** An Elysia path pattern. */
  path: string;
  /** The model and stream flag the path names (from the pattern's `params`), or the error for a path that names no method. */
  fromPath?(params: Record<string, string>): InboundContext | IRError;
  /** A side call instead of generation: answered with one JSON body, whatever the client's `stream` says. */
  side?: SideCallName;
  /** The route's turns may also come over one WebSocket on the same path (Codex's `supports_websockets`). */
  websocket?: true;
}

/** A `GET` model list path this format answers. */
export interface ModelListRoute {
  path: string;
  /** How this format's clients are told apart on a path several formats share; absent: the format answers the others. */
  recognises?(request: Request): boolean;
}

/** Where this format's clients call Octopus, and which of the paths no route serves answer in its error shape. */
export interface ClientApi {
  routes: readonly ClientRoute[];
  modelLists: readonly ModelListRoute[];
  /** An unrouted path this format's clients call. */
  ownsPath?(path: string): boolean;
  /** Answers the unrouted paths no format owns (one format does). */
  ownsOtherPaths?: true;
}

/**
 * Rewrites a passed-through stream's bytes: whole events go out as they complete (`ended`, the
 * stream offset where the last complete event ended, counting `chunk`); `end` gives what is left.
 */
export interface PassthroughFilter {
  push(chunk: Uint8Array, ended: number): Uint8Array | string;
  end(): Uint8Array;
}

/** A client's request as it passes through to an upstream of its own format. */
export interface PassedThrough {
  body: Record<string, unknown>;
  /** The client's text, when `body` is the client's body unchanged. */
  text?: string;
  /** Takes out of the stream what Octopus asked upstream for and the client did not. */
  filter?: () => PassthroughFilter;
}

/**
 * Everything one wire format knows. Inbound: a client speaks it. Outbound: a channel speaks it.
 * Decoders throw `ProtocolError` (see ir.ts) on input they cannot accept. The client-bound
 * encoders get the client's decoded request when there is one: a call to a tool the client
 * declared in a shape the IR flattens goes back in that shape, and options that shape the answer
 * (`streamUsage`) apply; without it they write the plain form.
 */
export interface ProtocolAdapter {
  readonly format: Format;
  /** The routes its clients call. */
  readonly client: ClientApi;
  /** Side calls an upstream of this format answers. */
  readonly upstreamSideCalls: readonly SideCallName[];

  // The client's request as the relay reads it before decoding (also when it passes through).
  /** What the body lacks to be a request of this format (the conversation's field), or undefined. */
  missingContent(body: Record<string, unknown>): IRError | undefined;
  /** The most output the client allows, when it sets a limit (for budget estimates). */
  maxOutputTokens(body: Record<string, unknown>): number | undefined;
  /** The conversation the client names, for sticky routing; undefined when it names none. */
  conversationKey(body: Record<string, unknown>, headers: Headers): string | undefined;
  /** Client headers an upstream of this format receives unchanged when the body passes through. */
  readonly forwardedHeaders: readonly string[];
  /** The client's body (and its text) for an upstream of this format, sent to `model`. */
  passthrough(body: Record<string, unknown>, text: string, model: string, stream: boolean): PassedThrough;

  /** The client's model list (sorted) in this API's shape, one page as `query` asks; an IRError for a bad query. */
  modelList(models: ListedModel[], query: URLSearchParams): object | IRError;

  decodeRequest(body: unknown, ctx?: InboundContext): IRRequest;
  encodeResponse(response: IRResponse, request?: IRRequest): unknown;
  streamEncoder(request?: IRRequest): StreamEncoder;
  encodeError(error: IRError): { status: number; body: unknown };

  encodeRequest(request: IRRequest): unknown;
  decodeResponse(body: unknown): IRResponse;
  streamDecoder(): StreamDecoder;
  /**
   * For a stream relayed unchanged: a decoder that decodes only the events that can carry usage,
   * the finish or an error, and gives those as `streamDecoder()` would (see stream-ends/tap.ts).
   */
  streamTap(): StreamTap;
  /** Reads an upstream error body (any text, possibly not JSON) into the IR. */
  decodeError(status: number, body: string): IRError;
}
