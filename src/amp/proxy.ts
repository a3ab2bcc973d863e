/**
 * Amp CLI's calls other than model calls (threads, user, telemetry, …) passed on to the Amp
 * server: method, path, query, body and headers as sent, the response's status, headers and body
 * piped back as they arrive (streams stay streams). The client's own credentials stay here and
 * the operator's key goes instead, as `Authorization: Bearer` (how Amp CLI authenticates, and
 * what CLIProxyAPI's Amp proxy injects: internal/api/modules/amp/proxy.go).
 */
import { log } from "../log";
import { networkErrorReason } from "../net";

/** RFC 9110 §7.6.1: meaningful for one connection only, never forwarded. */
const HOP_BY_HOP = ["connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade"];

/** What authenticated the client to Octopus (and the panel's cookie): not for the Amp server. */
const CLIENT_CREDENTIALS = ["authorization", "x-api-key", "x-goog-api-key", "cookie", "host"];

/** `headers` without the hop-by-hop ones, those `Connection` names included, nor `drop`. */
function forwardable(headers: Headers, drop: readonly string[] = []): Headers {
  const out = new Headers(headers);
  const named = (headers.get("connection") ?? "").split(",").map((name) => name.trim().toLowerCase());
  for (const name of [...HOP_BY_HOP, ...named, ...drop]) if (name) out.delete(name);
  return out;
}

/** A JSON error of the proxy's own, in the admin API's shape. */
export const proxyError = (status: number, message: string, headers: Record<string, string> = {}) =>
  Response.json({ error: { message } }, { status, headers });

export interface ProxyTarget {
  /** `ampcode.upstream_url`. */
  upstream: URL;
  /** The operator's Amp key. */
  key: string;
  /** The client's Octopus key when it came as `?key=`: taken off the query. */
  clientKey?: string;
}

export async function proxyToAmp(request: Request, { upstream, key, clientKey }: ProxyTarget): Promise<Response> {
  const url = new URL(request.url);
  const target = new URL(upstream.href.replace(/\/$/, "") + url.pathname);
  target.search = url.search;
  if (clientKey && target.searchParams.get("key") === clientKey) target.searchParams.delete("key");

  const headers = forwardable(request.headers, CLIENT_CREDENTIALS);
  headers.set("authorization", `Bearer ${key}`);
  // Bodies pass through as encoded: a client that asked for no encoding gets none.
  if (!headers.has("accept-encoding")) headers.set("accept-encoding", "identity");
  const hasBody = request.body !== null && request.method !== "GET" && request.method !== "HEAD";

  let response: Response;
  try {
    response = await fetch(target, {
      method: request.method,
      headers,
      body: hasBody ? request.body : undefined,
      redirect: "manual",
      signal: request.signal,
      // Bun's: the bytes stay as the Amp server encoded them, with their Content-Encoding.
      decompress: false,
    } as RequestInit);
  } catch (error) {
    if (request.signal.aborted) return proxyError(499, "the client closed the request");
    const reason = networkErrorReason(error, 0);
    log.warn("Amp upstream unreachable", { method: request.method, path: url.pathname, reason });
    return proxyError(502, `the Amp server (${upstream.origin}) could not be reached: ${reason}`);
  }

  const out = forwardable(response.headers);
  // The Amp server has no reason to echo the key; should it, the header stays here.
  for (const [name, value] of [...out]) if (value.includes(key)) out.delete(name);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers: out });
}
