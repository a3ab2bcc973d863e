import { afterEach, describe, expect, test } from "bun:test";
import type { Server } from "bun";
import { bundledLookup, Catalog, type SyncResult } from "./sync";

type Mode = "catalog" | "few" | "error" | "garbage" | "slow";

/** A models.dev-shaped catalog: `count` openai models plus gpt-4o at a price no real catalog has. */
function servedCatalog(count: number) {
  const models: Record<string, unknown> = { "gpt-4o": { id: "gpt-4o", name: "GPT-4o", cost: { input: 7, output: 70 } } };
  for (let i = 1; i < count; i++) models[`test-model-${i}`] = { id: `test-model-${i}`, name: `Test ${i}`, cost: { input: i, output: i } };
  return { openai: { id: "openai", name: "OpenAI", models } };
}

const servers: Server<undefined>[] = [];
const catalogs: Catalog[] = [];
afterEach(() => {
  for (const catalog of catalogs.splice(0)) catalog.stop();
  for (const server of servers.splice(0)) server.stop(true);
});

function newCatalog() {
  const catalog = new Catalog();
  catalogs.push(catalog);
  return catalog;
}

/** A local catalog host whose answer the test switches with `state.mode`; counts requests. */
function serveCatalog(port = 0) {
  const state = { mode: "catalog" as Mode, requests: 0 };
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port,
    async fetch() {
      state.requests++;
      switch (state.mode) {
        case "catalog":
          return Response.json(servedCatalog(150));
        case "few":
          return Response.json(servedCatalog(3));
        case "error":
          return new Response("upstream broke", { status: 500 });
        case "garbage":
          return new Response("<html>not json", { headers: { "content-type": "application/json" } });
        case "slow":
          await Bun.sleep(150);
          return Response.json(servedCatalog(150));
      }
    },
  });
  servers.push(server);
  return { server, state, url: `http://127.0.0.1:${server.port}/api.json` };
}

async function waitFor(condition: () => boolean, timeoutMs = 2000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await Bun.sleep(5);
  }
}

describe("Catalog.sync", () => {
  test("starts from the bundled snapshot", () => {
    const catalog = newCatalog();
    expect(catalog.source).toBe("bundled");
    expect(catalog.syncedAt).toBeUndefined();
    expect(catalog.size).toBe(bundledLookup().byId.size);
    expect(catalog.lookup("gpt-4o")).toMatchObject({ provider: "openai" });
  });

  test("a good catalog replaces the lookup; 500, refused connection and garbage each keep it", async () => {
    const { server, state, url } = serveCatalog();
    const catalog = newCatalog();

    const synced = await catalog.sync(url);
    expect(synced).toMatchObject({ ok: true, source: url, models: 150 });
    expect(catalog.source).toBe(url);
    expect(catalog.size).toBe(150);
    expect(catalog.lookup("gpt-4o")).toMatchObject({ input: 7, output: 70, rule: "exact" });
    const syncedAt = catalog.syncedAt;
    expect(syncedAt).toBeInstanceOf(Date);

    const expectKept = () => {
      expect(catalog.lookup("gpt-4o")).toMatchObject({ input: 7, output: 70 });
      expect(catalog.size).toBe(150);
      expect(catalog.source).toBe(url);
      expect(catalog.syncedAt).toBe(syncedAt);
    };

    state.mode = "error";
    expect(await catalog.sync(url)).toMatchObject({ ok: false, reason: "HTTP 500" });
    expectKept();

    const port = server.port;
    server.stop(true);
    expect(await catalog.sync(url)).toMatchObject({ ok: false, reason: "network error (ECONNREFUSED)" });
    expectKept();

    serveCatalog(port).state.mode = "garbage";
    expect(await catalog.sync(url)).toMatchObject({ ok: false, reason: "response is not JSON" });
    expectKept();
    expect(catalog.lastSync).toMatchObject({ ok: false, reason: "response is not JSON" });
  });

  test("a catalog with too few priced models is refused", async () => {
    const { state, url } = serveCatalog();
    state.mode = "few";
    const catalog = newCatalog();
    expect(await catalog.sync(url)).toMatchObject({ ok: false, reason: "only 3 priced models (at least 100 required)" });
    expect(catalog.source).toBe("bundled");
    expect(await catalog.sync(url, { minModels: 3 })).toMatchObject({ ok: true, models: 3 });
  });

  test("a slow host times out, an oversized body is refused", async () => {
    const { state, url } = serveCatalog();
    const catalog = newCatalog();
    state.mode = "slow";
    expect(await catalog.sync(url, { timeoutMs: 30 })).toMatchObject({ ok: false, reason: "timed out after 30 ms" });
    state.mode = "catalog";
    expect(await catalog.sync(url, { maxBytes: 1000 })).toMatchObject({ ok: false, reason: "response too large" });
    expect(catalog.source).toBe("bundled");
  });

  test("credentials and query never reach the source or the reason", async () => {
    const { state, url } = serveCatalog();
    const withSecrets = url.replace("http://", "http://user:hunter2@") + "?key=hunter2";
    const catalog = newCatalog();
    const synced = await catalog.sync(withSecrets);
    expect(synced).toMatchObject({ ok: true, source: url });
    state.mode = "error";
    const failed = await catalog.sync(withSecrets);
    expect(JSON.stringify([failed, catalog.source])).not.toContain("hunter2");
  });

  test("a URL that is not http(s) is refused without a request", async () => {
    const catalog = newCatalog();
    expect(await catalog.sync("file:///etc/passwd")).toMatchObject({ ok: false, reason: "not an http(s) URL" });
    expect(await catalog.sync("not a url")).toMatchObject({ ok: false, source: "invalid URL" });
  });
});

describe("Catalog.startPeriodic", () => {
  // hourMs: 1 makes an interval of N hours last N ms.
  test("syncs at start, then every interval, re-reading the interval each time", async () => {
    const { state, url } = serveCatalog();
    const catalog = newCatalog();
    const results: SyncResult[] = [];
    let intervalHours = 10;
    let intervalReads = 0;
    catalog.startPeriodic(
      () => url,
      () => {
        intervalReads++;
        return intervalHours;
      },
      { hourMs: 1, onSync: (result) => results.push(result) },
    );
    await waitFor(() => results.length >= 3);
    expect(state.requests).toBe(results.length);
    expect(results.every((result) => result.ok)).toBe(true);
    expect(intervalReads).toBeGreaterThanOrEqual(3);

    intervalHours = 100_000;
    const settled = results.length + 1; // one sync may already be scheduled at the old interval
    await Bun.sleep(80);
    expect(results.length).toBeLessThanOrEqual(settled);
  });

  test("picks up a new URL, keeps the last good catalog when it fails, and stops", async () => {
    const good = serveCatalog();
    const broken = serveCatalog();
    broken.state.mode = "error";
    const catalog = newCatalog();
    const results: SyncResult[] = [];
    let url = good.url;
    catalog.startPeriodic(() => url, () => 5, { hourMs: 1, onSync: (result) => results.push(result) });
    await waitFor(() => results.some((result) => result.ok));
    url = broken.url;
    await waitFor(() => results.at(-1)?.ok === false);
    expect(results.at(-1)).toMatchObject({ reason: "HTTP 500", source: broken.url });
    expect(catalog.source).toBe(good.url);
    expect(catalog.lookup("gpt-4o")).toMatchObject({ input: 7 });

    catalog.stop();
    await Bun.sleep(20);
    const requestsAtStop = good.state.requests + broken.state.requests;
    await Bun.sleep(60);
    expect(good.state.requests + broken.state.requests).toBe(requestsAtStop);
  });

  test("settings that throw or make no sense never reach the caller", async () => {
    const { state, url } = serveCatalog();
    const catalog = newCatalog();
    let urlReads = 0;
    expect(() =>
      catalog.startPeriodic(
        () => {
          urlReads++;
          if (urlReads === 1) throw new Error("settings unavailable");
          return url;
        },
        () => Number.NaN, // falls back to 24 hours, 24 ms here
        {
          hourMs: 1,
          onSync: () => {
            throw new Error("observer failed");
          },
        },
      ),
    ).not.toThrow();
    await waitFor(() => state.requests >= 2);
    expect(catalog.source).toBe(url);
  });

  test("an empty URL skips the attempt but keeps the schedule", async () => {
    const { state, url } = serveCatalog();
    const catalog = newCatalog();
    let configured = "";
    catalog.startPeriodic(() => configured, () => 5, { hourMs: 1 });
    await Bun.sleep(30);
    expect(state.requests).toBe(0);
    configured = url;
    await waitFor(() => state.requests >= 1);
  });
});
