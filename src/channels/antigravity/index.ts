/**
 * Google's Antigravity: Claude and Gemini models served through the Cloud Code internal API
 * (`{base}/v1internal:generateContent`, `:streamGenerateContent?alt=sse`). Its bodies are the
 * Gemini format's inside an envelope (`{model, project, request}` out, `{response}` back, each
 * stream event included), so a Gemini client's request is only wrapped and each event unwrapped.
 * Keys are OAuth tokens: an access token (`ya29.…`) is sent as it is, a refresh token (`1//…`) is
 * exchanged for one (oauth.ts). Google restricts this API to its own clients: see README.md.
 *
 * Sources relied on: google-gemini/gemini-cli packages/core/src/code_assist/converter.ts (the
 * envelope: CAGenerateContentRequest, CaGenerateContentResponse) and server.ts (method URLs,
 * SSE reading); router-for-me/CLIProxyAPI internal/runtime/executor/antigravity_executor.go and
 * antigravity_executor_request.go (base URLs, the fields Antigravity adds, its user agent) and
 * cmd/fetch_antigravity_models/main.go (fetchAvailableModels).
 */
import type { Clock } from "../../clock";
import type { Config } from "../../config";
import { isObject } from "../../protocols/json";
import { generateMethod } from "../gemini";
import type { Authorizer, ChannelType, OutboundTarget } from "../target";
import { AccessTokens } from "./oauth";
import { Projects } from "./project";

/** The base URL may be entered with the API version; methods are appended to the host's root. */
const method = (base: string, name: string) => `${base.replace(/\/+$/, "").replace(/\/v1internal$/, "")}/v1internal:${name}`;

/** What Antigravity's own client sends (CLIProxyAPI's misc.AntigravityUserAgent with its fallback version); custom headers may change it. */
const USER_AGENT = "antigravity/hub/2.9.1 darwin/arm64";

const headers = (token: string) => ({ authorization: `Bearer ${token}`, "content-type": "application/json", "user-agent": USER_AGENT });

/** Refresh tokens, as Google issues them to installed apps; any other key is taken for an access token. */
const isRefreshToken = (key: string) => key.startsWith("1//");

function antigravityAuthorizer(config: Config, clock: Clock): Authorizer {
  const { oauth_token_url, client_id, client_secret } = config.antigravity;
  const tokens = new AccessTokens({ tokenUrl: oauth_token_url, clientId: client_id, clientSecret: client_secret }, clock);
  const projects = new Projects();
  return {
    async authorize(key, base, call) {
      const token = isRefreshToken(key) ? await tokens.get(key, call) : key;
      const project = await projects.get(key, method(base, "loadCodeAssist"), headers(token), call);
      return { token, project };
    },
    refused: (key) => tokens.forget(key),
  };
}

export const antigravityTarget: OutboundTarget = {
  url: (base, _model, stream) => method(base, generateMethod(stream)),
  headers,
  /** `POST {base}/v1internal:fetchAvailableModels` with the account's project: `models` maps each id to its details. */
  models: {
    url: (base) => method(base, "fetchAvailableModels"),
    query: {},
    field: "models",
    body: (credential) => (credential.project ? { project: credential.project } : {}),
    read: (body) => (isObject(body) && isObject(body.models) ? { ids: Object.keys(body.models) } : undefined),
  },
  authorizer: antigravityAuthorizer,
  envelope: {
    // gemini-cli sends {model, project, user_prompt_id, request}; Antigravity adds these three (CLIProxyAPI's geminiToAntigravity).
    wrap: (body, model, credential) => ({
      model,
      project: credential.project,
      requestId: `agent-${crypto.randomUUID()}`,
      requestType: "agent",
      userAgent: "antigravity",
      request: body,
    }),
    // {"response": {candidates, usageMetadata, modelVersion, responseId}, "traceId": …}; errors come bare, as Google's.
    unwrap: (body) => (isObject(body) && isObject(body.response) ? body.response : body),
  },
};

export const antigravity: ChannelType = {
  type: "antigravity",
  name: "Antigravity",
  format: "gemini",
  default_base_url: "https://daily-cloudcode-pa.sandbox.googleapis.com",
  restricted: true,
  target: antigravityTarget,
};
