/** IR errors ⇄ `{"error":{"message","type","param","code"}}` and its HTTP status. */
import { KIND_STATUS, kindOfStatus, type IRError, type IRErrorKind } from "../ir";
import { isObject, parseJSON, type JSONObject } from "../json";

export interface WireError {
  error: { message: string; type: string; param: string | null; code: string | null };
}

const WIRE_OF_KIND: Record<IRErrorKind, { type: string; code: string | null }> = {
  invalid_request: { type: "invalid_request_error", code: null },
  authentication: { type: "authentication_error", code: "invalid_api_key" },
  permission: { type: "permission_error", code: null },
  not_found: { type: "not_found_error", code: null },
  request_too_large: { type: "invalid_request_error", code: "request_too_large" },
  rate_limit: { type: "rate_limit_error", code: "rate_limit_exceeded" },
  server_error: { type: "server_error", code: null },
  overloaded: { type: "server_error", code: "overloaded" },
  timeout: { type: "server_error", code: "timeout" },
};

/** Type or code strings seen in OpenAI and compatible providers' errors, for errors without a status. */
const KIND_OF_NAME: Record<string, IRErrorKind> = {
  invalid_request_error: "invalid_request",
  context_length_exceeded: "invalid_request",
  authentication_error: "authentication",
  invalid_api_key: "authentication",
  permission_error: "permission",
  not_found_error: "not_found",
  model_not_found: "not_found",
  request_too_large: "request_too_large",
  rate_limit_error: "rate_limit",
  rate_limit_exceeded: "rate_limit",
  insufficient_quota: "rate_limit",
  requests: "rate_limit",
  tokens: "rate_limit",
  overloaded: "overloaded",
  overloaded_error: "overloaded",
  timeout: "timeout",
  server_error: "server_error",
};

export function encodeError(error: IRError): { status: number; body: WireError } {
  const { type, code } = WIRE_OF_KIND[error.kind];
  return { status: error.status, body: { error: { message: error.message, type, param: null, code } } };
}

/** Reads the `error` member of a body; without an HTTP status (an in-band stream error) the kind comes from its names. */
export function decodeErrorObject(error: unknown, status?: number): IRError {
  const e: JSONObject = isObject(error) ? error : { message: error };
  const message = typeof e.message === "string" && e.message !== "" ? e.message : JSON.stringify(error);
  // OpenRouter and Cloudflare put the HTTP status in `code`.
  const wireStatus = typeof e.code === "number" && e.code >= 400 && e.code < 600 ? e.code : undefined;
  const effective = status ?? wireStatus;
  if (effective !== undefined) return { status: effective, kind: kindOfStatus(effective), message };
  const named = [e.code, e.type].find((n): n is string => typeof n === "string" && n in KIND_OF_NAME);
  const kind: IRErrorKind = named === undefined ? "server_error" : KIND_OF_NAME[named];
  return { status: KIND_STATUS[kind], kind, message };
}

const MAX_TEXT = 1000;

export function decodeError(status: number, body: string): IRError {
  const parsed = parseJSON(body);
  if (isObject(parsed)) return decodeErrorObject(parsed.error ?? parsed, status);
  const text = body.trim().slice(0, MAX_TEXT);
  return { status, kind: kindOfStatus(status), message: text === "" ? `upstream answered HTTP ${status}` : text };
}
