/**
 * Reads a client request before any channel is chosen: the API key, the JSON body within the
 * size bound, and the model and stream flag (from the body, or from the URL for Gemini). Every
 * failure is an IRError the route answers in the client's format.
 */
import type { ApiKeyRow } from "../db/stores/apikeys";
import type { ProtocolAdapter } from "../protocols/adapter";
import { WRAP_HEAD, type Format, type IRError } from "../protocols/ir";
import type { AppState } from "../state";
import { nestsDeeperThan, TOO_DEEP } from "../json-depth";
import { irError } from "./errors";

export interface Inbound {
  format: Format;
  adapter: ProtocolAdapter;
  request: Request;
  body: Record<string, unknown>;
  /** The body's text as the client sent it, forwarded as is when a channel needs nothing changed in it. */
  text: string;
  /** The body replays a signature Octopus wrapped for this client (see ir.ts): it must not pass through as is. */
  wrappedSignatures: boolean;
  /** Bytes of the body. */
  size: number;
  /** The body's text, truncated, when logs capture bodies. */
  captured?: string;
  /** The model the client named: a group. */
  model: string;
  stream: boolean;
  apiKey: ApiKeyRow;
}

const BEARER = /^bearer /i;

/** The client key from whichever place its SDK puts it. */
export function clientKey(request: Request): string | undefined {
  const authorization = request.headers.get("authorization");
  if (authorization && BEARER.test(authorization)) return authorization.slice(7).trim();
  return request.headers.get("x-api-key") ?? request.headers.get("x-goog-api-key") ?? new URL(request.url).searchParams.get("key") ?? undefined;
}

export function authenticate(state: AppState, request: Request): ApiKeyRow | IRError {
  const key = clientKey(request);
  if (!key) return irError("authentication", "missing API key: send it as Authorization: Bearer, x-api-key, x-goog-api-key or ?key=");
  const row = state.apiKeyFor(key);
  if (!row) return irError("authentication", "invalid API key");
  if (!row.enabled) return irError("authentication", "this API key is disabled");
  if (row.expire_at !== null && row.expire_at <= Date.now()) return irError("authentication", "this API key has expired");
  return row;
}

export function mayUse(apiKey: ApiKeyRow, model: string): IRError | undefined {
  if (apiKey.supported_models.length === 0 || apiKey.supported_models.includes(model)) return undefined;
  return irError("permission", `this API key may not use the model ${JSON.stringify(model)}`);
}

export type ClientBody = Pick<Inbound, "body" | "text" | "wrappedSignatures" | "size" | "captured">;

const decoder = new TextDecoder();

/** The body as a JSON object, or why it is not one. */
export async function readBody(request: Request, maxSize: number, captureLimit = 0): Promise<ClientBody | IRError> {
  const type = request.headers.get("content-type");
  if (type && !/\bjson\b/i.test(type)) return irError("invalid_request", `content-type must be application/json, not ${type}`, 415);
  const declared = Number(request.headers.get("content-length") ?? "0");
  const tooLarge = irError("request_too_large", `request body exceeds ${maxSize} bytes`);
  if (declared > maxSize) return tooLarge;
  let text: string;
  let size: number;
  try {
    const bytes = await request.arrayBuffer();
    size = bytes.byteLength;
    if (size > maxSize) return tooLarge;
    text = decoder.decode(bytes);
  } catch {
    return irError("invalid_request", "could not read the request body");
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return irError("invalid_request", "request body is not valid JSON");
  }
  if (body === null || typeof body !== "object" || Array.isArray(body)) return irError("invalid_request", "request body must be a JSON object");
  if (nestsDeeperThan(body)) return irError("invalid_request", TOO_DEEP);
  return {
    body: body as Record<string, unknown>,
    text,
    wrappedSignatures: text.includes(WRAP_HEAD),
    size,
    captured: captureLimit > 0 ? text.slice(0, captureLimit) : undefined,
  };
}
