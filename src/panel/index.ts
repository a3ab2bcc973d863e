/**
 * Serves the web panel: its built files, and index.html for page paths (the single-page app's
 * own routes), never for the API prefixes, which keep the app's 404. Hashed assets are cached
 * for good, index.html revalidated; text is sent brotli- or gzip-compressed when the client takes it.
 */
import { Elysia, NotFoundError } from "elysia";
import { acceptedEncodings, AssetCache, bodyFor, type PanelFiles } from "./assets";

// Written by scripts/panel-assets.ts (git-ignored): absent until the panel is built.
const generated: PanelFiles | undefined = await import("./assets.gen").then((m) => m.PANEL_FILES).catch(() => undefined);

const API_PATH = /^\/(api|v1|v1beta1?)(\/|$)/;
const INDEX = "/index.html";

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // Solid writes static `style` attributes of templates as HTML, which only 'unsafe-inline' allows.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const HTML_HEADERS = {
  "content-security-policy": CSP,
  "referrer-policy": "same-origin",
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
};

const NOT_BUILT = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Octopus</title></head>
<body>
<h1>Octopus</h1>
<p>The web panel is not built. From a clone, <code>npm start</code> builds it before starting
(or run <code>bun scripts/panel-assets.ts</code>); a binary from <code>npm run build</code> embeds it.</p>
<p>The relay and the admin API (<code>/api/v1</code>) work without it.</p>
</body>
</html>
`;

/** Paths the panel's router owns: no file extension, or a browser asking for a page. */
const isPagePath = (path: string, request: Request) =>
  !path.slice(path.lastIndexOf("/")).includes(".") || (request.headers.get("accept") ?? "").includes("text/html");

/** `files` defaults to the generated module's list: tests pass their own. */
export function panel(files: PanelFiles | undefined = generated) {
  const cache = files && Object.hasOwn(files, INDEX) ? new AssetCache(files) : undefined;

  const send = async (path: string, request: Request) => {
    const asset = await cache!.get(path);
    const { body, encoding } = bodyFor(asset, acceptedEncodings(request.headers.get("accept-encoding")));
    const headers: Record<string, string> = {
      "content-type": asset.type,
      "cache-control": path.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache",
      vary: "accept-encoding",
      "x-content-type-options": "nosniff",
      ...(encoding && { "content-encoding": encoding }),
      ...(asset.type.startsWith("text/html") && HTML_HEADERS),
    };
    return new Response(body, { headers });
  };

  return new Elysia().get("/*", ({ request }) => {
    const path = new URL(request.url).pathname;
    if (API_PATH.test(path)) throw new NotFoundError();
    if (cache?.has(path)) return send(path, request);
    if (path.startsWith("/assets/") || !isPagePath(path, request)) throw new NotFoundError();
    if (cache) return send(INDEX, request);
    return new Response(NOT_BUILT, { headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-cache", ...HTML_HEADERS } });
  });
}
