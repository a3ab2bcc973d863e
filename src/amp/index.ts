/**
 * The Amp CLI proxy (`ampcode.enabled`). Amp CLI pointed at Octopus (`AMP_URL`) calls, under `/api`:
 * - its models under `/api/provider/{provider}/…`: `openai/v1/chat/completions`,
 *   `openai/v1/responses`, `anthropic/v1/messages`, `google/v1beta1/publishers/google/models/
 *   {model}:streamGenerateContent` (paths as CLIProxyAPI's Amp module serves them,
 *   router-for-me/CLIProxyAPI internal/api/modules/amp/routes.go). These are the relay's own client
 *   routes mounted under that prefix: the same key check, groups, routing, accounting, logs and
 *   errors. The provider segment decides nothing: the model name picks the group, as at the root.
 * - everything else (threads, user, auth, telemetry, …): proxied to `ampcode.upstream_url` with
 *   the operator's Amp key, for callers allowed by `managementRefusal`.
 */
import { Elysia, type Context } from "elysia";
import type { Config } from "../config";
import { log } from "../log";
import { isLoopback } from "../net";
import { relayRoutes } from "../relay";
import type { RelayContext } from "../relay/context";
import { authenticate, clientKey } from "../relay/inbound";
import type { AppState } from "../state";
import { proxyError, proxyToAmp } from "./proxy";
import { AmpKey } from "./secret";

export const AMP_PROVIDER_PREFIX = "/api/provider/:provider";

/** The admin API's paths and the model calls' own: never proxied, whatever no route serves there. */
const NOT_PROXIED = /^\/api\/(v1|provider)(\/|$)/;

/**
 * Who may spend the operator's Amp account. With `restrict_management_to_localhost`, only a
 * peer on this machine (the connection's own address, never a forwarded header): others get
 * 403 whatever key they send; a local caller needs no Octopus key, but one it sends must be
 * valid. Without it, every caller needs a valid Octopus API key (401 otherwise).
 */
function managementRefusal(state: AppState, request: Request, peer: string, restricted: boolean): Response | undefined {
  if (restricted && !isLoopback(peer))
    return proxyError(403, "Amp calls are taken from this machine only (ampcode.restrict_management_to_localhost)");
  if (restricted && clientKey(request) === undefined) return undefined;
  const apiKey = authenticate(state, request);
  if ("kind" in apiKey) return proxyError(401, apiKey.message, { "www-authenticate": "Bearer" });
}

export interface AmpOptions {
  config: Config["ampcode"];
  /** The environment Octopus started with (`AMP_API_KEY`, `HOME`). */
  env: Record<string, string | undefined>;
}

export function ampRoutes(relay: RelayContext, { config, env }: AmpOptions) {
  const upstream = new URL(config.upstream_url);
  const ampKey = new AmpKey({ configured: config.upstream_api_key, upstreamUrl: config.upstream_url, env });
  const found = ampKey.get();
  if (found) log.info("Amp CLI proxy on", { upstream: upstream.origin, key_from: found.source });
  else log.warn("Amp CLI proxy on, but no Amp key yet: set ampcode.upstream_api_key or AMP_API_KEY, or run amp login on this machine", { upstream: upstream.origin });

  const management = ({ request, server }: Context) => {
    if (NOT_PROXIED.test(new URL(request.url).pathname)) return proxyError(404, "not found");
    const refused = managementRefusal(relay.state, request, server?.requestIP(request)?.address ?? "", config.restrict_management_to_localhost);
    if (refused) return refused;
    const amp = ampKey.get();
    if (!amp) return proxyError(503, "Octopus has no Amp key to call the Amp server with: its operator sets ampcode.upstream_api_key or AMP_API_KEY, or runs amp login");
    return proxyToAmp(request, { upstream, key: amp.key, clientKey: clientKey(request) });
  };

  const parse = "none" as const;
  return (
    new Elysia()
      .use(relayRoutes(relay, AMP_PROVIDER_PREFIX))
      // A GET route of its own: the panel's GET /* would otherwise take these paths before any ALL route.
      .get("/api/*", management, { parse })
      .all("/api/*", management, { parse })
  );
}
