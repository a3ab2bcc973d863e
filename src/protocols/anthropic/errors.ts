/** IR error ⇄ Anthropic error JSON `{type:"error", error:{type, message}}` and its status. */
import { badUpstream, kindOfStatus, ProtocolError, type IRError, type IRErrorKind } from "../ir";
import { isObject, own, parseJSON } from "../json";

const WIRE_ERROR: Record<IRErrorKind, { type: string; status: number }> = {
  invalid_request: { type: "invalid_request_error", status: 400 },
  authentication: { type: "authentication_error", status: 401 },
  permission: { type: "permission_error", status: 403 },
  not_found: { type: "not_found_error", status: 404 },
  request_too_large: { type: "request_too_large", status: 413 },
  rate_limit: { type: "rate_limit_error", status: 429 },
  server_error: { type: "api_error", status: 500 },
  overloaded: { type: "overloaded_error", status: 529 },
  timeout: { type: "timeout_error", status: 504 },
};

const KIND_OF_TYPE: Record<string, IRErrorKind> = {
  ...Object.fromEntries(Object.entries(WIRE_ERROR).map(([kind, wire]) => [wire.type, kind as IRErrorKind])),
  billing_error: "permission",
};

/** The `error` object of a body or of an in-band stream event. */
export const errorObjectOf = (error: IRError) => ({ type: WIRE_ERROR[error.kind].type, message: error.message });

export function encodeError(error: IRError): { status: number; body: unknown } {
  return { status: WIRE_ERROR[error.kind].status, body: { type: "error", error: errorObjectOf(error) } };
}

/**
 * Reads a parsed error body. `status` is the HTTP status when there is one; an in-band stream
 * error has none and takes the status its type has in a plain response.
 */
export function errorOf(body: unknown, status?: number): IRError | undefined {
  const error = isObject(body) && isObject(body.error) ? body.error : undefined;
  if (!error) return undefined;
  const kind = own(KIND_OF_TYPE, error.type) ?? (status === undefined ? "server_error" : kindOfStatus(status));
  const message = typeof error.message === "string" ? error.message : String(error.type ?? "upstream error");
  return { status: status ?? WIRE_ERROR[kind].status, kind, message };
}

export function decodeError(status: number, body: string): IRError {
  return (
    errorOf(parseJSON(body), status) ?? {
      status,
      kind: kindOfStatus(status),
      message: body.trim().slice(0, 500) || `upstream answered HTTP ${status}`,
    }
  );
}

/** A malformed upstream body is the upstream's fault (502), not the client's (400). */
export function upstreamFault(error: unknown): unknown {
  if (!(error instanceof ProtocolError)) return error;
  return badUpstream(`upstream sent a malformed message: ${error.message}`);
}
