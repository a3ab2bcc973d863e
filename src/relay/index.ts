/**
 * The client-facing API: every format's routes as its adapter declares them (`client`), plus
 * model lists, side calls (embeddings, token counting) and the errors of paths no route serves.
 */
import { Elysia } from "elysia";
import { loggableError } from "../db/errors";
import { log } from "../log";
import { ADAPTERS } from "../protocols";
import type { ClientRoute, InboundContext, ProtocolAdapter } from "../protocols/adapter";
import type { IRError } from "../protocols/ir";
import type { RelayContext } from "./context";
import { errorResponse, irError } from "./errors";
import { authenticate, mayUse, readBody, type Inbound } from "./inbound";
import { modelList } from "./models";
import { relay } from "./pipeline";
import { SIDE_CALLS } from "./extras";
import { responsesSocket } from "./responses-socket";

const isError = (v: unknown): v is IRError => typeof v === "object" && v !== null && "kind" in v && "status" in v;

const adapters = Object.values(ADAPTERS);

/** Authenticates, reads the body and the model, then hands over to `then`. */
async function accept(
  ctx: RelayContext,
  adapter: ProtocolAdapter,
  request: Request,
  url: InboundContext,
  then: (inbound: Inbound) => Promise<Response>,
): Promise<Response> {
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
  return then({ format: adapter.format, adapter, request, body, text, wrappedSignatures, size, captured, model, stream, apiKey });
}

/** A throw on a relay route is a bug, not the client's fault: logged with its cause, answered in the client's own shape. */
const relayFailed =
  (local: LocalPath) =>
  ({ request, error }: { request: Request; error: unknown }) => {
    log.error("relay request failed", { error: loggableError(error) });
    return errorResponse(pathAdapter(request, local(request)), irError("server_error", "internal error", 500));
  };

type Handler = (input: { request: Request; params?: Record<string, string> }) => Promise<Response> | Response;

/** One client route: the model and stream flag from its path or body, relayed as generation or as its side call. */
function routed(ctx: RelayContext, adapter: ProtocolAdapter, route: ClientRoute): Handler {
  const call = route.side && SIDE_CALLS[route.side];
  return ({ request, params = {} }) => {
    const url = route.fromPath?.(params) ?? {};
    if (isError(url)) return errorResponse(adapter, url);
    return accept(ctx, adapter, request, call ? { ...url, stream: false } : url, (inbound) => relay(ctx, inbound, call));
  };
}

/** Each model list path with the formats answering on it: the first that recognises the client, else the path's default. */
const MODEL_LISTS = new Map<string, { recognised: { adapter: ProtocolAdapter; recognises: (request: Request) => boolean }[]; other?: ProtocolAdapter }>();
for (const adapter of adapters)
  for (const { path, recognises } of adapter.client.modelLists) {
    const list = MODEL_LISTS.get(path) ?? MODEL_LISTS.set(path, { recognised: [] }).get(path)!;
    if (recognises) list.recognised.push({ adapter, recognises });
    else list.other ??= adapter;
  }

const OTHER_PATHS = adapters.find((adapter) => adapter.client.ownsOtherPaths)!;

function listAdapter(request: Request, path: string): ProtocolAdapter {
  const list = MODEL_LISTS.get(path)!;
  return list.recognised.find(({ recognises }) => recognises(request))?.adapter ?? list.other ?? OTHER_PATHS;
}

function listModels(ctx: RelayContext, request: Request, adapter: ProtocolAdapter) {
  const apiKey = authenticate(ctx.state, request);
  if (isError(apiKey)) return errorResponse(adapter, apiKey);
  const list = modelList(ctx.state, apiKey, adapter, new URL(request.url).searchParams);
  return isError(list) ? errorResponse(adapter, list) : Response.json(list);
}

/** The client format of a path under an API root, for the paths and methods no route serves. */
function pathAdapter(request: Request, path: string): ProtocolAdapter {
  const owner = adapters.find((adapter) => adapter.client.ownsPath?.(path));
  if (owner) return owner;
  for (const listPath of MODEL_LISTS.keys()) if (path.startsWith(listPath)) return listAdapter(request, listPath);
  return OTHER_PATHS;
}

/** As OpenAI answers a path or method it does not serve: 404 "Invalid URL (GET /v1/…)". */
const unrouted =
  (local: LocalPath) =>
  ({ request }: { request: Request }) =>
    errorResponse(pathAdapter(request, local(request)), irError("not_found", `Invalid URL (${request.method} ${new URL(request.url).pathname})`));

/** The API roots the routes live under (`/v1`, `/v1beta`, `/v1beta1`). */
const ROOTS = [...new Set(adapters.flatMap((adapter) => adapter.client.routes.map(({ path }) => path.slice(0, path.indexOf("/", 1)))))];

/** A request's path below the prefix the routes are mounted under, as the adapters name their paths. */
type LocalPath = (request: Request) => string;

/**
 * The client routes, under `prefix` (an Elysia path pattern such as `/api/provider/:provider`,
 * where Amp CLI calls them) or at the root. Under a prefix, every path below it that no route
 * serves is the relay's 404.
 */
export function relayRoutes(ctx: RelayContext, prefix = "") {
  const parse = "none" as const;
  const depth = prefix.split("/").length;
  const local: LocalPath = (request) => "/" + new URL(request.url).pathname.split("/").slice(depth).join("/");
  // Local: the relay's routes only; the admin API has its own.
  const app = new Elysia().onError(relayFailed(local));
  for (const adapter of adapters)
    for (const route of adapter.client.routes) {
      const handler = routed(ctx, adapter, route);
      app.post(prefix + route.path, handler, { parse });
      if (route.websocket) app.ws(prefix + route.path, responsesSocket(ctx, async (request) => handler({ request })));
    }
  for (const path of MODEL_LISTS.keys()) app.get(prefix + path, ({ request }) => listModels(ctx, request, listAdapter(request, path)));
  // GET routes of their own: the panel's GET /* would otherwise take these paths before any ALL route.
  for (const root of prefix ? [prefix] : ROOTS) {
    app.get(`${root}/*`, unrouted(local), { parse });
    app.all(`${root}/*`, unrouted(local), { parse });
  }
  return app;
}
