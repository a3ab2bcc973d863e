/**
 * CORS, answered deliberately. The relay (`/v1/*`, `/v1beta/*`, `/v1beta1/*`) is open to any origin without
 * credentials: its callers authenticate with API keys, never cookies. The admin API (`/api/v1/*`)
 * answers only the origins listed in `server.cors_origins`, with credentials; none by default.
 */
import { Elysia } from "elysia";

const RELAY_HEADERS = { "access-control-allow-origin": "*" };
const RELAY_PREFLIGHT = {
  ...RELAY_HEADERS,
  "access-control-allow-methods": "GET, POST, OPTIONS",
  // `*` covers the SDKs' own headers; `authorization` must be named, the wildcard never covers it.
  "access-control-allow-headers":
    "authorization, x-api-key, x-goog-api-key, anthropic-version, anthropic-beta, anthropic-dangerous-direct-browser-access, content-type, *",
  "access-control-max-age": "86400",
};
const adminHeaders = (origin: string) => ({
  "access-control-allow-origin": origin,
  "access-control-allow-credentials": "true",
  vary: "Origin",
});
const ADMIN_PREFLIGHT = {
  "access-control-allow-methods": "GET, POST, PUT, PATCH, DELETE",
  "access-control-allow-headers": "authorization, content-type",
  "access-control-max-age": "600",
};

/** Parses `server.cors_origins`: comma-separated origins, kept in the form browsers send. */
export function parseOrigins(list: string): Set<string> {
  const origins = new Set<string>();
  for (const entry of list.split(",").map((s) => s.trim()).filter(Boolean)) {
    let url: URL | undefined;
    try {
      url = new URL(entry);
    } catch {}
    if (!url || !/^https?:$/.test(url.protocol) || url.pathname !== "/" || url.search || url.hash || url.username)
      throw new Error(`lists ${JSON.stringify(entry)}, which is not an origin such as https://panel.example.com`);
    origins.add(url.origin);
  }
  return origins;
}

export function originListProblem(list: string): string | undefined {
  try {
    parseOrigins(list);
  } catch (e) {
    return (e as Error).message;
  }
}

/** Which CORS policy a URL falls under. */
function area(url: string): "relay" | "admin" | undefined {
  const path = url.slice(url.indexOf("/", url.indexOf("//") + 2));
  if (/^\/v1(beta1?)?\//.test(path)) return "relay";
  if (path.startsWith("/api/v1/")) return "admin";
}

export function cors(adminOrigins: ReadonlySet<string>) {
  /** The headers a response to a request from `origin` carries, if any. */
  const allow = (request: Request, origin: string) => {
    const where = area(request.url);
    if (where === "relay") return RELAY_HEADERS;
    if (where === "admin" && adminOrigins.has(origin)) return adminHeaders(origin);
  };
  return new Elysia({ name: "cors" })
    .onRequest(({ request }) => {
      if (request.method !== "OPTIONS") return;
      const where = area(request.url);
      if (where === "relay") return new Response(null, { status: 204, headers: RELAY_PREFLIGHT });
      if (where !== "admin") return;
      const origin = request.headers.get("origin");
      // Answered, but without any allow header unless the origin is listed: the browser refuses.
      const headers = origin && adminOrigins.has(origin) ? { ...adminHeaders(origin), ...ADMIN_PREFLIGHT } : undefined;
      return new Response(null, { status: 204, headers });
    })
    .mapResponse({ as: "global" }, ({ request, response, set }) => {
      // Non-browser clients send no Origin: nothing to do on their requests.
      const origin = request.headers.get("origin");
      const headers = origin ? allow(request, origin) : undefined;
      if (!headers) return;
      if (!(response instanceof Response)) return void Object.assign(set.headers, headers);
      for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
      return response;
    });
}
