/** Builds and sends one request to a channel: URL and auth from its type's target, forwarded client headers from the format, then the channel's own headers and overrides. */
import { callTo, type Credential, type OutboundTarget } from "../channels/target";
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

/** The target a candidate's request goes to (the router gives only candidates of relayed types). */
export const targetOf = (candidate: Candidate): OutboundTarget => targetFor(candidate.channel.type, candidate.format)!;

/**
 * `credential`: what the target's authorize step made of the candidate's key (the key itself for
 * most). `text`, when given, is `body` as JSON text: sent as is unless the channel's overrides
 * change the body or the target wraps it in its envelope.
 */
export function buildUpstream(
  candidate: Candidate,
  target: OutboundTarget,
  credential: Credential,
  body: Json,
  stream: boolean,
  clientHeaders?: Headers,
  text?: string,
): UpstreamRequest {
  const { channel } = candidate;
  const call = callTo(target, candidate.baseUrl, candidate.model, stream, credential.token);
  const headers = call.headers;
  if (clientHeaders)
    for (const name of ADAPTERS[candidate.format].forwardedHeaders) {
      const value = clientHeaders.get(name);
      if (value) headers[name] = value;
    }
  for (const { key, value } of channel.custom_headers) headers[key.toLowerCase()] = value;
  const overridden = channel.param_override ? applyOverride(body, JSON.parse(channel.param_override)) : undefined;
  const sent = target.envelope
    ? JSON.stringify(target.envelope.wrap(overridden ?? body, candidate.model, credential))
    : overridden
      ? JSON.stringify(overridden)
      : (text ?? JSON.stringify(body));
  return { url: call.url, headers, body: sent, proxy: channel.proxy_url || undefined };
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
