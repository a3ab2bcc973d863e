/**
 * Why a fetch to an upstream threw, read from the error's code: the reason goes to the log, and
 * the kind says whom to blame. Only an endpoint that cannot be reached at all (refused, unknown
 * name, failed TLS handshake) cools down as an endpoint; a reset is a server failure, a timeout a
 * timeout, and a client that left blames nobody.
 */
import type { FailureKind } from "../routing/retry";

export type FetchFailureReason = "refused" | "reset" | "dns" | "tls" | "timeout" | "abort" | "network";

const REASONS: Record<string, FetchFailureReason> = {
  ECONNREFUSED: "refused",
  ConnectionRefused: "refused",
  ECONNRESET: "reset",
  ConnectionClosed: "reset",
  EPIPE: "reset",
  ECONNABORTED: "reset",
  ENOTFOUND: "dns",
  EAI_AGAIN: "dns",
  EAI_NONAME: "dns",
  DNSException: "dns",
  EPROTO: "tls",
  ETIMEDOUT: "timeout",
  TimeoutError: "timeout",
  AbortError: "abort",
};

const TLS_CODE = /^(CERT_|ERR_TLS|ERR_SSL|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|HOSTNAME_MISMATCH)/;

const DESCRIPTION: Record<FetchFailureReason, string> = {
  refused: "connection refused",
  reset: "connection reset",
  dns: "host name not found",
  tls: "TLS handshake failed",
  timeout: "timed out",
  abort: "aborted",
  network: "network error",
};

const KIND: Record<FetchFailureReason, FailureKind | undefined> = {
  refused: "connection",
  dns: "connection",
  tls: "connection",
  reset: "server",
  timeout: "timeout",
  network: "server",
  abort: undefined,
};

export interface FetchFailure {
  reason: FetchFailureReason;
  /** Absent for an abort: the caller knows whether its timer or the client caused it. */
  kind: FailureKind | undefined;
  /** "connection refused (ECONNREFUSED)": no URL, no header, nothing secret. */
  message: string;
}

export function fetchFailure(error: unknown): FetchFailure {
  const { code, name } = (typeof error === "object" && error !== null ? error : {}) as { code?: unknown; name?: unknown };
  const label = typeof code === "string" && code !== "" ? code : typeof name === "string" ? name : "";
  const reason = REASONS[label] ?? (TLS_CODE.test(label) ? "tls" : REASONS[String(name)] ?? "network");
  const detail = label && label !== "Error" && label !== "TypeError" ? ` (${label})` : "";
  return { reason, kind: KIND[reason], message: DESCRIPTION[reason] + detail };
}
