import type { ProtocolAdapter } from "../protocols/adapter";
import { KIND_STATUS, type IRError, type IRErrorKind } from "../protocols/ir";

export const irError = (kind: IRErrorKind, message: string, status = KIND_STATUS[kind]): IRError => ({ status, kind, message });

/** An error as the client's own API shapes it. */
export function errorResponse(adapter: ProtocolAdapter, error: IRError): Response {
  const { status, body } = adapter.encodeError(error);
  const headers: Record<string, string> = {};
  if (error.retryAfter !== undefined) headers["retry-after"] = String(Math.ceil(error.retryAfter));
  return Response.json(body, { status, headers });
}
