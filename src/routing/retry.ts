/**
 * What a failed attempt means for the next one. Only failures another channel, key or endpoint
 * may not repeat are retried; a request the upstream refused as invalid is answered at once.
 */

export type FailureKind =
  | "auth" // 401/403: this key is refused; another key may work
  | "rate_limit" // 429: this key is out of quota for now
  | "overloaded" // 503/529
  | "server" // other 5xx, an unreadable answer
  | "timeout" // no first byte in time, 408, 504
  | "connection" // refused, reset, DNS: the endpoint is at fault (a stream that opens with an error is classed by its status)
  | "invalid"; // 400, 404, 413, 422…: the request itself

export function classifyStatus(status: number): FailureKind {
  if (status === 401 || status === 403) return "auth";
  if (status === 429) return "rate_limit";
  if (status === 408 || status === 504) return "timeout";
  if (status === 503 || status === 529) return "overloaded";
  if (status >= 500) return "server";
  return "invalid";
}

export const isRetryable = (kind: FailureKind) => kind !== "invalid";
