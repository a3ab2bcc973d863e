/**
 * Errors: HTTP bodies `{"error":{"message","type","param","code"}}` (the OpenAI shape), and the
 * in-band errors of a stream (`error` events, `response.failed`), which carry a code but no status.
 */
import { KIND_STATUS, kindOfStatus, type IRError, type IRErrorKind } from "../ir";
import { asObject, asString, isObject, parseJSON } from "../json";
import type { WireError } from "./items";

/** One code per kind, used in both directions for in-band errors. */
const KIND_CODE: Record<IRErrorKind, string> = {
  invalid_request: "invalid_prompt",
  authentication: "invalid_api_key",
  permission: "permission_denied",
  not_found: "model_not_found",
  request_too_large: "request_too_large",
  rate_limit: "rate_limit_exceeded",
  server_error: "server_error",
  overloaded: "server_is_overloaded",
  timeout: "timeout",
};

function kindOfCode(code: string): IRErrorKind {
  const known = (Object.keys(KIND_CODE) as IRErrorKind[]).find((kind) => KIND_CODE[kind] === code);
  if (known) return known;
  if (code === "insufficient_quota") return "rate_limit";
  // context_length_exceeded, invalid_image*, image_*, unsupported_*: the prompt was at fault.
  if (/^(invalid|image|context_length|unsupported|empty_|failed_to_download)/.test(code)) return "invalid_request";
  return "server_error";
}

/** What a `failed` response says when the IR only knows the finish reason was "error". */
export const MODEL_FAILED: IRError = { status: 500, kind: "server_error", message: "The model failed to generate a response." };

export const wireErrorOf = (error: IRError): WireError => ({ code: KIND_CODE[error.kind], message: error.message });

/** An `error` event (`{code, message}` at the top, or nested under `error`) or a `response.error`. */
export function decodeInbandError(value: unknown): IRError {
  const outer = asObject(value);
  const error = isObject(outer.error) ? outer.error : outer;
  const kind = kindOfCode(asString(error.code) ?? asString(error.type) ?? "");
  return { status: KIND_STATUS[kind], kind, message: asString(error.message) ?? "upstream reported an error" };
}

const typeOf = (kind: IRErrorKind): string => {
  if (kind === "rate_limit") return "requests";
  if (kind === "server_error" || kind === "overloaded" || kind === "timeout") return "server_error";
  return "invalid_request_error";
};

export function encodeError(error: IRError): { status: number; body: unknown } {
  const code = error.kind === "invalid_request" ? null : KIND_CODE[error.kind];
  return { status: error.status, body: { error: { message: error.message, type: typeOf(error.kind), param: null, code } } };
}

export function decodeError(status: number, body: string): IRError {
  const message = asString(asObject(asObject(parseJSON(body)).error).message);
  const excerpt = body.replace(/\s+/g, " ").trim().slice(0, 200);
  return {
    status,
    kind: kindOfStatus(status),
    message: message ?? (excerpt ? `upstream returned HTTP ${status}: ${excerpt}` : `upstream returned HTTP ${status}`),
  };
}
