/**
 * The client-facing API: OpenAI Chat and Responses, Anthropic Messages and Gemini
 * generateContent, plus model lists, embeddings and token counting.
 */
import { Elysia } from "elysia";
import { loggableError } from "../db/errors";
import { log } from "../log";
import { ADAPTERS } from "../protocols";
import type { Format, IRError } from "../protocols/ir";
import type { RelayContext } from "./context";
import { errorResponse, irError } from "./errors";
import { authenticate, mayUse, readBody, type Inbound } from "./inbound";
import { GEMINI_METHODS } from "../protocols/gemini/models";
import { modelList } from "./models";
import { relay, type Call } from "./pipeline";
import { COUNT_TOKENS, EMBEDDINGS } from "./extras";
import { responsesSocket } from "./responses-socket";

const isError = (v: unknown): v is IRError => typeof v === "object" && v !== null && "kind" in v && "status" in v;

/** Authenticates, reads the body and the model, then hands over to `then`. */
async function accept(
  ctx: RelayContext,
  format: Format,
  request: Request,
  url: { model?: string; stream?: boolean },
  then: (inbound: Inbound) => Promise<Response>,
): Promise<Response> {
  const adapter = ADAPTERS[format];
  const apiKey = authenticate(ctx.state, request);
  if (isError(apiKey)) return errorResponse(adapter, apiKey);
  const read = await readBody(request, ctx.limits.maxBodySize, ctx.captureLimit?.() ?? 0);
  if (isError(read)) return errorResponse(adapter, read);
  const { body } = read;
  const model = url.model ?? body.model;
  if (typeof model !== "string" || model === "") return errorResponse(adapter, irError("invalid_request", "model is required"));
  // A key's allowed models name groups: an alias or pattern counts as the group it reaches.
  const denied = mayUse(apiKey, ctx.state.modelNames.resolve(model)?.name ?? model);
  if (denied) return errorResponse(adapter, denied);
  const stream = url.stream ?? body.stream === true;
  const { text, wrappedSignatures, size, captured } = read;
  return then({ format, adapter, request, body, text, wrappedSignatures, size, captured, model, stream, apiKey });
}

/** A throw on a relay route is a bug, not the client's fault: logged with its cause, answered in the client's own shape. */
function relayFailed({ request, error }: { request: Request; error: unknown }) {
  log.error("relay request failed", { error: loggableError(error) });
  const path = new URL(request.url).pathname;
  return errorResponse(ADAPTERS[pathFormat(request, path)], irError("server_error", "internal error", 500));
}

const relayed = (ctx: RelayContext, format: Format) => ({ request }: { request: Request }) =>
  accept(ctx, format, request, {}, (inbound) => relay(ctx, inbound));

/** A call that answers with one JSON body, whatever the client's `stream` says. */
const sideCall = (ctx: RelayContext, format: Format, call: Call) => ({ request }: { request: Request }) =>
  accept(ctx, format, request, { stream: false }, (inbound) => relay(ctx, inbound, call));

/** `/v1/models` serves three SDKs: each is told apart by how it authenticates. */
function listFormat(request: Request): Format {
  if (request.headers.has("anthropic-version")) return "anthropic";
  if (request.headers.has("x-goog-api-key") || new URL(request.url).searchParams.has("key")) return "gemini";
  return "openai-chat";
}

function listModels(ctx: RelayContext, request: Request, format: Format) {
  const adapter = ADAPTERS[format];
  const apiKey = authenticate(ctx.state, request);
  if (isError(apiKey)) return errorResponse(adapter, apiKey);
  const list = modelList(ctx.state, apiKey, adapter, new URL(request.url).searchParams);
  return isError(list) ? errorResponse(adapter, list) : Response.json(list);
}

/** Gemini names the model and the action in one path segment: `gemini-2.5-pro:streamGenerateContent`. */
function gemini(ctx: RelayContext) {
  // Elysia has decoded the path parameter already.
  return ({ request, params: { target } }: { request: Request; params: { target: string } }) => {
    const colon = target.lastIndexOf(":");
    const model = target.slice(0, colon);
    const action = target.slice(colon + 1);
    if (colon <= 0 || !GEMINI_METHODS.includes(action))
      return errorResponse(ADAPTERS.gemini, irError("not_found", `unknown method ${JSON.stringify(target)}`));
    return accept(ctx, "gemini", request, { model, stream: action === "streamGenerateContent" }, (inbound) => relay(ctx, inbound));
  };
}

/** The client format of a path under /v1 or /v1beta, for the paths and methods no route serves. */
function pathFormat(request: Request, path: string): Format {
  if (path.startsWith("/v1/messages")) return "anthropic";
  if (path.startsWith("/v1beta/") || /^\/v1\/models\/[^/]*:/.test(path)) return "gemini";
  if (path.startsWith("/v1/models")) return listFormat(request);
  return "openai-chat";
}

/** As OpenAI answers a path or method it does not serve: 404 "Invalid URL (GET /v1/…)". */
function unrouted({ request }: { request: Request }) {
  const path = new URL(request.url).pathname;
  return errorResponse(ADAPTERS[pathFormat(request, path)], irError("not_found", `Invalid URL (${request.method} ${path})`));
}

export function relayRoutes(ctx: RelayContext) {
  const parse = "none" as const;
  const responses = relayed(ctx, "openai-responses");
  return new Elysia()
    // Local: the relay's routes only; the admin API has its own.
    .onError(relayFailed)
    .post("/v1/chat/completions", relayed(ctx, "openai-chat"), { parse })
    .post("/v1/responses", responses, { parse })
    // Codex with `supports_websockets = true`: the same route's turns over one WebSocket.
    .ws("/v1/responses", responsesSocket(ctx, (request) => responses({ request })))
    .post("/v1/messages", relayed(ctx, "anthropic"), { parse })
    .post("/v1/messages/count_tokens", sideCall(ctx, "anthropic", COUNT_TOKENS), { parse })
    .post("/v1/embeddings", sideCall(ctx, "openai-chat", EMBEDDINGS), { parse })
    .post("/v1beta/models/:target", gemini(ctx), { parse })
    .post("/v1/models/:target", gemini(ctx), { parse })
    .get("/v1/models", ({ request }) => listModels(ctx, request, listFormat(request)))
    .get("/v1beta/models", ({ request }) => listModels(ctx, request, "gemini"))
    // GET routes of their own: the panel's GET /* would otherwise take these paths before any ALL route.
    .get("/v1/*", unrouted, { parse })
    .get("/v1beta/*", unrouted, { parse })
    .all("/v1/*", unrouted, { parse })
    .all("/v1beta/*", unrouted, { parse });
}
