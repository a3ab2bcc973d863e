/**
 * Codex's Responses API over a WebSocket: `GET /v1/responses` with an upgrade, for a Codex
 * provider with `supports_websockets = true`. The protocol, from openai/codex
 * (codex-rs/codex-api/src/common.rs `ResponsesWsRequest`, `ResponseCreateWsRequest`;
 * codex-rs/codex-api/src/endpoint/responses_websocket.rs `run_websocket_response_stream`,
 * `WrappedWebsocketErrorEvent`; codex-rs/core/src/client.rs `prepare_websocket_request`,
 * `get_incremental_items`):
 * - the key comes in the upgrade's headers (`Authorization: Bearer`); a refusal there is an HTTP error;
 * - each client text frame is `{"type":"response.create", …the Responses request's fields}`, one at
 *   a time per connection; later turns may name `previous_response_id` and send only the input
 *   items after that response's input and output; `generate: false` asks for a warm-up (an empty
 *   response whose id the next turn continues); `client_metadata` is Codex's own; some versions
 *   acknowledge with `response.processed` or continue a response with `response.append` ({input});
 * - the server answers each stream event's JSON as one text frame, a turn ending at
 *   `response.completed`, and errors as `{"type":"error","status":N,"error":{…},"headers":{…}}`.
 * Each turn is relayed as `POST /v1/responses` with the upgrade's headers, so authentication,
 * routing, limits, accounting and logs are those of HTTP. Channels keep no server-side state, so
 * each connection remembers its last turn's full input and output to rebuild the whole input.
 */
import { log } from "../log";
import { loggableError } from "../db/errors";
import { ADAPTERS } from "../protocols";
import type { IRError } from "../protocols/ir";
import { SSEParser } from "../protocols/sse";
import type { RelayContext } from "./context";
import { errorResponse, irError } from "./errors";
import { authenticate } from "./inbound";

/** What Elysia hands the handlers of one connection. */
interface Socket {
  id: string;
  data: { request: Request };
  send(text: string): unknown;
  close(code?: number, reason?: string): unknown;
}

type Json = Record<string, unknown>;

/** The last turn of a connection: what the next one may continue. */
interface Turn {
  id: string;
  /** The request's fields other than `input`, for `response.append`. */
  fields: Json;
  input: unknown[];
  output: unknown[];
}

interface Connection {
  socket: Socket;
  /** Turns run one at a time, in order: the one in flight, then at most one that waits for it. */
  queued: number;
  done: Promise<void>;
  last?: Turn;
  /** Stops reading the upstream stream when the client leaves mid-turn. */
  cancel?: () => void;
}

const GOING_AWAY = 1001;
/**
 * Codex sends its next turn as soon as it reads `response.completed`, which may come before the
 * upstream stream has ended here: that turn waits; a third is refused.
 */
const MAX_QUEUED = 2;
/** Request headers that belong to the upgrade, not to the relayed request. */
const UPGRADE_HEADERS = ["upgrade", "connection", "content-length", "sec-websocket-key", "sec-websocket-version", "sec-websocket-extensions", "sec-websocket-protocol"];
const adapter = ADAPTERS["openai-responses"];

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v);

/** Codex's wrapped error event: it reads `status`, `error` and `headers` as an HTTP error of that status. */
function errorFrame(status: number, error: unknown, headers: Json = {}): string {
  return JSON.stringify({ type: "error", status, error, headers });
}

function irErrorFrame(error: IRError): string {
  const encoded = adapter.encodeError(error);
  const headers = error.retryAfter !== undefined ? { "retry-after": String(Math.ceil(error.retryAfter)) } : {};
  return errorFrame(encoded.status, (encoded.body as Json).error, headers);
}

/** An error the relay answered over HTTP, as a frame. */
async function responseErrorFrame(response: Response): Promise<string> {
  let error: unknown = { type: "server_error", message: `upstream answered ${response.status}` };
  try {
    const body = (await response.json()) as Json;
    if (body.error !== undefined) error = body.error;
  } catch {
    // Not JSON: the generic message stands.
  }
  const retryAfter = response.headers.get("retry-after");
  return errorFrame(response.status, error, retryAfter ? { "retry-after": retryAfter } : {});
}

const newResponseId = () => `resp_${crypto.randomUUID().replaceAll("-", "")}`;

/** A Responses `input`: a string is one user message. */
const itemsOf = (input: unknown): unknown => (typeof input === "string" ? [{ type: "message", role: "user", content: input }] : input);

/**
 * What a frame asks for: the request's fields, and its input (rebuilt whole when it continues the
 * last turn); or the error frame that answers it.
 */
function bodyOf(frame: Json, last: Turn | undefined): { fields: Json; input: unknown; warmup: boolean } | string {
  const { type, generate, client_metadata: _metadata, previous_response_id, input, ...rest } = frame;
  let fields = rest;
  let previous = previous_response_id;
  if (type === "response.append") {
    if (!last) return irErrorFrame(irError("invalid_request", "response.append needs a completed response on this connection"));
    fields = last.fields;
    previous = last.id;
  } else if (type !== "response.create") {
    return irErrorFrame(irError("invalid_request", `unsupported frame type ${JSON.stringify(type)}: send response.create`));
  }
  const warmup = generate === false;
  if (previous === undefined || previous === null) return { fields, input: itemsOf(input), warmup };
  // As OpenAI answers an id it does not know (here: one of another connection, or none yet).
  if (!last || last.id !== previous)
    return errorFrame(400, {
      type: "invalid_request_error",
      code: "previous_response_not_found",
      param: "previous_response_id",
      message: `Previous response with id ${JSON.stringify(previous)} not found.`,
    });
  const items = itemsOf(input);
  if (!Array.isArray(items)) return irErrorFrame(irError("invalid_request", "input must be an array"));
  return { fields, input: [...last.input, ...last.output, ...items], warmup };
}

export function responsesSocket(ctx: RelayContext, relayHttp: (request: Request) => Promise<Response>) {
  const connections = new Map<string, Connection>();
  ctx.stopping?.addEventListener("abort", () => {
    for (const connection of connections.values()) if (connection.queued === 0) connection.socket.close(GOING_AWAY, "server shutting down");
  });

  /** Relays one turn and sends its events; remembers it when it completes. */
  async function turn(connection: Connection, fields: Json, input: unknown) {
    const upgrade = connection.socket.data.request;
    const headers = new Headers(upgrade.headers);
    for (const name of UPGRADE_HEADERS) headers.delete(name);
    headers.set("content-type", "application/json");
    const url = new URL(upgrade.url);
    url.protocol = url.protocol === "wss:" ? "https:" : url.protocol === "ws:" ? "http:" : url.protocol;
    const response = await relayHttp(new Request(url, { method: "POST", headers, body: JSON.stringify({ ...fields, input, stream: true }) }));
    // The client left while the relay waited for the first byte.
    if (!connections.has(connection.socket.id)) return void response.body?.cancel().catch(() => {});
    if (!response.ok || !response.body || !response.headers.get("content-type")?.includes("text/event-stream")) {
      connection.socket.send(response.ok ? errorFrame(502, { type: "server_error", message: "expected an event stream" }) : await responseErrorFrame(response));
      return;
    }
    const reader = response.body.getReader();
    connection.cancel = () => void reader.cancel().catch(() => {});
    const parser = new SSEParser(ctx.limits.maxSseEventSize);
    const output: unknown[] = [];
    let completed: Json | undefined;
    const forward = (data: string) => {
      connection.socket.send(data);
      // Only the two events the next turn needs are read.
      if (!data.includes('"response.output_item.done"') && !data.includes('"response.completed"')) return;
      const event = JSON.parse(data) as Json;
      if (event.type === "response.output_item.done") output.push(event.item);
      else if (event.type === "response.completed" && isObject(event.response)) completed = event.response;
    };
    for (;;) {
      const { done, value } = await reader.read();
      const events = done ? parser.end() : parser.push(value);
      for (const event of events) forward(event.data);
      if (done) break;
    }
    if (completed && typeof completed.id === "string" && Array.isArray(input)) {
      const items = output.length > 0 ? output : Array.isArray(completed.output) ? completed.output : [];
      connection.last = { id: completed.id, fields, input, output: items };
    }
  }

  /** A warm-up turn (`generate: false`): an empty completed response the next turn may continue. */
  function warmup(connection: Connection, fields: Json, input: unknown) {
    const response = { id: newResponseId(), object: "response", created_at: Math.floor(Date.now() / 1000), status: "completed", model: fields.model, output: [], usage: null };
    connection.socket.send(JSON.stringify({ type: "response.created", response: { ...response, status: "in_progress" } }));
    connection.socket.send(JSON.stringify({ type: "response.completed", response }));
    connection.last = { id: response.id, fields, input: Array.isArray(input) ? input : [], output: [] };
  }

  async function run(connection: Connection, frame: Json) {
    const body = bodyOf(frame, connection.last);
    if (typeof body === "string") return void connection.socket.send(body);
    try {
      if (body.warmup) warmup(connection, body.fields, body.input);
      else await turn(connection, body.fields, body.input);
    } catch (error) {
      log.error("websocket turn failed", { error: loggableError(error) });
      connection.socket.send(irErrorFrame(irError("server_error", "internal error", 500)));
    } finally {
      connection.cancel = undefined;
    }
  }

  function message(socket: Socket, frame: unknown) {
    const connection = connections.get(socket.id);
    if (!connection) return;
    if (!isObject(frame)) return void socket.send(irErrorFrame(irError("invalid_request", "each frame must be a JSON object with a type")));
    if (frame.type === "response.processed") return;
    if (connection.queued >= MAX_QUEUED) return void socket.send(irErrorFrame(irError("invalid_request", "a response is already in progress on this connection")));
    connection.queued++;
    connection.done = connection.done.then(async () => {
      await run(connection, frame);
      if (--connection.queued === 0 && ctx.stopping?.aborted) socket.close(GOING_AWAY, "server shutting down");
    });
  }

  return {
    /** The key is checked at the upgrade: a refusal is the HTTP error Codex reports. */
    beforeHandle({ request }: { request: Request }) {
      const apiKey = authenticate(ctx.state, request);
      if ("kind" in apiKey) return errorResponse(adapter, apiKey);
    },
    open(socket: Socket) {
      connections.set(socket.id, { socket, queued: 0, done: Promise.resolve() });
    },
    message,
    close(socket: Socket) {
      connections.get(socket.id)?.cancel?.();
      connections.delete(socket.id);
    },
  };
}
