/** IR errors ⇄ Google's error JSON: {"error": {"code", "message", "status"}}. */
import { KIND_STATUS, kindOfStatus, type IRError, type IRErrorKind } from "../ir";
import { asArray, asObject, asString, isObject, parseJSON } from "../json";
import type { GeminiErrorBody } from "./types";

const STATUS_OF_KIND: Record<IRErrorKind, string> = {
  invalid_request: "INVALID_ARGUMENT",
  authentication: "UNAUTHENTICATED",
  permission: "PERMISSION_DENIED",
  not_found: "NOT_FOUND",
  request_too_large: "INVALID_ARGUMENT",
  rate_limit: "RESOURCE_EXHAUSTED",
  server_error: "INTERNAL",
  overloaded: "UNAVAILABLE",
  timeout: "DEADLINE_EXCEEDED",
};

const KIND_OF_STATUS: Record<string, IRErrorKind> = {
  INVALID_ARGUMENT: "invalid_request",
  FAILED_PRECONDITION: "invalid_request",
  OUT_OF_RANGE: "invalid_request",
  UNAUTHENTICATED: "authentication",
  PERMISSION_DENIED: "permission",
  NOT_FOUND: "not_found",
  RESOURCE_EXHAUSTED: "rate_limit",
  INTERNAL: "server_error",
  UNKNOWN: "server_error",
  UNAVAILABLE: "overloaded",
  DEADLINE_EXCEEDED: "timeout",
};

const RETRY_INFO = "type.googleapis.com/google.rpc.RetryInfo";

/** Gemini clients know only Google's codes, so the status follows the kind. */
export function encodeError(error: IRError): { status: number; body: GeminiErrorBody } {
  const code = KIND_STATUS[error.kind];
  const details = error.retryAfter === undefined ? {} : { details: [{ "@type": RETRY_INFO, retryDelay: `${error.retryAfter}s` }] };
  return { status: code, body: { error: { code, message: error.message, status: STATUS_OF_KIND[error.kind], ...details } } };
}

export function decodeError(status: number, body: string): IRError {
  const parsed = parseJSON(body);
  if (parsed === undefined) return { status, kind: kindOfStatus(status), message: body.trim().slice(0, 500) || `HTTP ${status}` };
  return errorFromJSON(status, parsed) ?? { status, kind: kindOfStatus(status), message: body.slice(0, 500) };
}

/** Reads `{error: {...}}` (also wrapped in a one-element array, as the non-SSE stream sends it). */
export function errorFromJSON(status: number, json: unknown): IRError | undefined {
  const root = Array.isArray(json) ? json[0] : json;
  if (!isObject(root) || !isObject(root.error)) return undefined;
  const e = root.error;
  const code = typeof e.code === "number" ? e.code : status;
  const message = typeof e.message === "string" ? e.message : `HTTP ${code}`;
  // Google answers a bad API key with 400 INVALID_ARGUMENT; for a gateway it is an auth failure.
  if (/API key not valid|API_KEY_INVALID/.test(message) || hasReason(e.details, "API_KEY_INVALID")) {
    return { status: 401, kind: "authentication", message };
  }
  const kind = (typeof e.status === "string" && KIND_OF_STATUS[e.status]) || kindOfStatus(code);
  const retryAfter = retryDelayOf(e.details);
  return retryAfter === undefined ? { status: code, kind, message } : { status: code, kind, message, retryAfter };
}

const hasReason = (details: unknown, reason: string) =>
  asArray(details).some((d) => isObject(d) && d.reason === reason);

/** RetryInfo's `retryDelay`, a protobuf Duration in JSON ("20s", "0.5s"), in seconds. */
function retryDelayOf(details: unknown): number | undefined {
  const info = asArray(details).find((d) => isObject(d) && d["@type"] === RETRY_INFO);
  const delay = /^(\d+(?:\.\d+)?)s$/.exec(asString(asObject(info).retryDelay) ?? "");
  return delay ? Number(delay[1]) : undefined;
}
