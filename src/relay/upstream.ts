/** Builds and sends one request to a channel: URL and auth from its type's target, forwarded client headers from the format, then the channel's own headers and overrides. */
import { callTo } from "../channels/target";
import { targetFor } from "../channels/types";
import { ADAPTERS } from "../protocols";
import type { Candidate } from "../routing/router";

type Json = Record<string, unknown>;

const isPlainObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Merges the channel's `param_override` into the body: objects merge key by key, anything else replaces. */
export function applyOverride(body: Json, override: Json): Json {
  const out: Json = { ...body };
  for (const [key, value] of Object.entries(override))
    out[key] = isPlainObject(value) && isPlainObject(out[key]) ? applyOverride(out[key] as Json, value) : value;
  return out;
}

export interface UpstreamRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  proxy?: string;
}

/** `text`, when given, is `body` as JSON text: sent as is unless the channel's overrides change the body. */
export function buildUpstream(candidate: Candidate, body: Json, stream: boolean, clientHeaders?: Headers, text?: string): UpstreamRequest {
  const { channel } = candidate;
  // The router gives only candidates of relayed types.
  const target = callTo(targetFor(channel.type, candidate.format)!, candidate.baseUrl, candidate.model, stream, candidate.key.key);
  const headers = target.headers;
  if (clientHeaders)
    for (const name of ADAPTERS[candidate.format].forwardedHeaders) {
      const value = clientHeaders.get(name);
      if (value) headers[name] = value;
    }
  for (const { key, value } of channel.custom_headers) headers[key.toLowerCase()] = value;
  const sent = channel.param_override ? JSON.stringify(applyOverride(body, JSON.parse(channel.param_override))) : (text ?? JSON.stringify(body));
  return { url: target.url, headers, body: sent, proxy: channel.proxy_url || undefined };
}

export function sendUpstream(request: UpstreamRequest, signal: AbortSignal): Promise<Response> {
  return fetch(request.url, {
    method: "POST",
    headers: request.headers,
    body: request.body,
    signal,
    ...(request.proxy && { proxy: request.proxy }),
  });
}
