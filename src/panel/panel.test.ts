/** The panel's serving over real HTTP on loopback, from a built-panel folder made for the test. */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { Elysia } from "elysia";
import { errorResponse } from "../admin";
import { acceptedEncodings, AssetCache, bodyFor, listPanelFiles } from "./assets";
import { panel } from ".";

const INDEX = `<!doctype html><html><head><script type="module" crossorigin src="/assets/index-AbC123.js"></script>
<link rel="stylesheet" crossorigin href="/assets/index-DeF456.css"></head><body><div id="root"></div></body></html>`;
// Large and repetitive enough that both encodings shrink it a lot.
const SCRIPT = `import{render}from"solid-js/web";\n${"export const route=(p)=>fetch('/api/v1/'+p).then(r=>r.json());\n".repeat(200)}`;
const STYLE = `:root{--space:4px}\n${".card{padding:var(--space);margin:0 auto}\n".repeat(100)}`;
const FONT = new Uint8Array(Array.from({ length: 2048 }, (_, i) => (i * 7919) % 256));

const dir = mkdtempSync(join(tmpdir(), "octopus-panel-"));
const serve = (files: Parameters<typeof panel>[0]) =>
  new Elysia()
    .onError(({ code, error }) => errorResponse(code, error))
    .use(panel(files))
    .listen({ hostname: "127.0.0.1", port: 0 });
let server: ReturnType<typeof serve>;
let url: string;

beforeAll(() => {
  mkdirSync(join(dir, "assets"));
  mkdirSync(join(dir, ".vite"));
  writeFileSync(join(dir, "index.html"), INDEX);
  writeFileSync(join(dir, "assets", "index-AbC123.js"), SCRIPT);
  writeFileSync(join(dir, "assets", "index-DeF456.css"), STYLE);
  writeFileSync(join(dir, "assets", "inter-GhI789.woff2"), FONT);
  writeFileSync(join(dir, "favicon.svg"), `<svg xmlns="http://www.w3.org/2000/svg"/>`);
  writeFileSync(join(dir, ".vite", "manifest.json"), "{}");
  server = serve(listPanelFiles(dir));
  url = `http://127.0.0.1:${server.server!.port}`;
});
afterAll(() => {
  server?.stop(true);
  rmSync(dir, { recursive: true, force: true });
});

const get = (path: string, headers: Record<string, string> = {}, method = "GET") => fetch(url + path, { method, headers, decompress: false });

describe("panel files", () => {
  test("lists the built folder's files by URL path, without Vite's dot folder", () => {
    expect(Object.keys(listPanelFiles(dir)).sort()).toEqual(["/assets/index-AbC123.js", "/assets/index-DeF456.css", "/assets/inter-GhI789.woff2", "/favicon.svg", "/index.html"]);
  });

  test("/ is index.html, not cached without revalidation, with the security headers", async () => {
    const response = await get("/");
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(INDEX);
    expect(response.headers.get("content-type")).toStartWith("text/html");
    expect(response.headers.get("cache-control")).toBe("no-cache");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("same-origin");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    const csp = response.headers.get("content-security-policy")!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(csp).toContain("frame-ancestors 'none'");
  });

  test("page paths of the app get index.html; asset paths and the API prefixes never do", async () => {
    for (const path of ["/channels", "/logs/123", "/settings/"]) {
      const response = await get(path);
      expect({ path, status: response.status, body: await response.text() }).toEqual({ path, status: 200, body: INDEX });
      expect(response.headers.get("cache-control")).toBe("no-cache");
    }
    // A browser asking for a page with a dot in its path still gets the app.
    expect(await (await get("/logs/v1.2", { accept: "text/html,application/xhtml+xml" })).text()).toBe(INDEX);
    for (const path of ["/api/v1/nope", "/v1/nope", "/v1beta/nope", "/api", "/v1"]) {
      const response = await get(path, { accept: "text/html" });
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
      expect(await response.json()).toEqual({ error: { message: "not found" } });
    }
    for (const path of ["/assets/index-Gone00.js", "/assets/nope", "/missing.png"]) {
      const response = await get(path);
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
      expect(await response.text()).not.toContain("<html");
    }
    expect((await get("/assets/index-Gone00.js", { accept: "text/html" })).status).toBe(404);
  });

  test("hashed assets are cached for a year, with their content types", async () => {
    const types: Record<string, string> = {
      "/assets/index-AbC123.js": "text/javascript",
      "/assets/index-DeF456.css": "text/css",
      "/assets/inter-GhI789.woff2": "font/woff2",
    };
    for (const [path, type] of Object.entries(types)) {
      const response = await get(path);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toStartWith(type);
      expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("content-security-policy")).toBeNull();
    }
    expect(new Uint8Array(await (await get("/assets/inter-GhI789.woff2")).arrayBuffer())).toEqual(FONT);
    const icon = await get("/favicon.svg");
    expect(icon.headers.get("content-type")).toStartWith("image/svg+xml");
    expect(icon.headers.get("cache-control")).toBe("no-cache");
  });

  test("text is sent brotli- or gzip-compressed as the client accepts, and decompresses to the file", async () => {
    const cases: [string | undefined, string | null][] = [
      ["gzip, deflate, br, zstd", "br"],
      ["gzip", "gzip"],
      ["br;q=0, gzip", "gzip"],
      ["*", "br"],
      ["identity", null],
      [undefined, null],
    ];
    for (const [accept, expected] of cases) {
      const response = await get("/assets/index-AbC123.js", accept === undefined ? {} : { "accept-encoding": accept });
      expect({ accept, encoding: response.headers.get("content-encoding") }).toEqual({ accept, encoding: expected });
      expect(response.headers.get("vary")).toBe("accept-encoding");
      const bytes = new Uint8Array(await response.arrayBuffer());
      const plain = expected === "br" ? brotliDecompressSync(bytes) : expected === "gzip" ? gunzipSync(bytes) : bytes;
      expect(Buffer.from(plain).toString()).toBe(SCRIPT);
      if (expected) expect(bytes.byteLength).toBeLessThan(SCRIPT.length / 5);
    }
    const html = await get("/channels", { "accept-encoding": "gzip" });
    expect(html.headers.get("content-encoding")).toBe("gzip");
    expect(gunzipSync(new Uint8Array(await html.arrayBuffer())).toString()).toBe(INDEX);
    // Fonts are compressed already: sent as they are.
    const font = await get("/assets/inter-GhI789.woff2", { "accept-encoding": "br, gzip" });
    expect(font.headers.get("content-encoding")).toBeNull();
    expect(new Uint8Array(await font.arrayBuffer())).toEqual(FONT);
  });

  test("HEAD answers a GET's headers without the body", async () => {
    for (const path of ["/assets/index-DeF456.css", "/channels"]) {
      const head = await get(path, { "accept-encoding": "gzip" }, "HEAD");
      const full = await get(path, { "accept-encoding": "gzip" });
      expect(head.status).toBe(200);
      expect(await head.text()).toBe("");
      for (const name of ["content-type", "content-encoding", "cache-control", "content-length"])
        expect({ path, name, value: head.headers.get(name) }).toEqual({ path, name, value: full.headers.get(name) });
      expect(Number(head.headers.get("content-length"))).toBe((await full.arrayBuffer()).byteLength);
    }
  });

  test("without a built panel, pages say how to build it and the API prefixes still 404", async () => {
    const bare = serve({});
    const base = `http://127.0.0.1:${bare.server!.port}`;
    try {
      const page = await fetch(`${base}/`);
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toStartWith("text/html");
      expect(page.headers.get("x-frame-options")).toBe("DENY");
      expect(await page.text()).toContain("npm start");
      expect((await fetch(`${base}/channels`)).status).toBe(200);
      expect((await fetch(`${base}/assets/index-AbC123.js`)).status).toBe(404);
      expect((await fetch(`${base}/v1/nope`)).status).toBe(404);
    } finally {
      bare.stop(true);
    }
  });
});

describe("encodings", () => {
  test("each encoding is compressed once and kept", async () => {
    const cache = new AssetCache(listPanelFiles(dir));
    const asset = await cache.get("/assets/index-AbC123.js");
    expect(await cache.get("/assets/index-AbC123.js")).toBe(asset);
    const first = bodyFor(asset, ["gzip"]).body;
    expect(bodyFor(asset, ["gzip"]).body).toBe(first);
    expect(asset.encoded.br).toBeUndefined();
  });

  test("accept-encoding: q=0 refuses, a wildcard allows both, brotli is preferred", () => {
    expect(acceptedEncodings("gzip, br")).toEqual(["br", "gzip"]);
    expect(acceptedEncodings("GZIP;q=0.5")).toEqual(["gzip"]);
    expect(acceptedEncodings("gzip;q=0, br;q=0.1")).toEqual(["br"]);
    expect(acceptedEncodings("*, br;q=0")).toEqual(["gzip"]);
    expect(acceptedEncodings("deflate")).toEqual([]);
    expect(acceptedEncodings(null)).toEqual([]);
  });
});
