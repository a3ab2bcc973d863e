/** The admin API end to end: real HTTP on loopback, a real SQLite file. */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { hashApiKey } from "../src/state/api-keys";
import { startTestOctopus, type TestOctopus } from "./octopus";
import { logEntry } from "./log-rows";

let o: TestOctopus;
let token: string;

beforeAll(async () => {
  o = await startTestOctopus();
  token = await o.login();
});
afterAll(() => o.close());

const channelBody = (over: Record<string, unknown> = {}) => ({
  name: "openai",
  type: "openai-chat",
  enabled: true,
  base_urls: [{ url: "https://api.openai.com/v1" }],
  keys: [{ key: "sk-provider-secret-0001", remark: "main" }],
  models: ["gpt-4o", "gpt-4o-mini"],
  ...over,
});

describe("authentication", () => {
  test("every admin route but login answers 401 without a valid token", async () => {
    const routes = o.octopus.routes.filter((r) => r.path.startsWith("/api/v1/") && r.path !== "/api/v1/user/login");
    expect(routes.length).toBeGreaterThanOrEqual(25);
    const forged = token.slice(0, -4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
    for (const route of routes) {
      const path = route.path.replace(/:(\w+)/g, "1");
      const variants: Record<string, string>[] = [{}, { authorization: `Bearer ${forged}` }, { authorization: "Bearer not-a-jwt" }, { cookie: "octopus_token=garbage" }];
      for (const headers of variants) {
        const { status, body } = await o.api(route.method, path, { headers, body: route.method === "GET" || route.method === "DELETE" ? undefined : {} });
        expect({ route: `${route.method} ${route.path}`, status }).toEqual({ route: `${route.method} ${route.path}`, status: 401 });
        expect(body.error.message).toBeString();
      }
    }
  });

  test("login sets an HttpOnly cookie that authenticates the panel", async () => {
    const response = await fetch(o.url + "/api/v1/user/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "admin", password: "admin" }),
    });
    const cookie = response.headers.get("set-cookie")!;
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Strict");
    const { expire_at } = await response.json();
    expect(expire_at).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    const { status } = await o.api("GET", "/api/v1/channel/list", { headers: { cookie: cookie.split(";")[0] } });
    expect(status).toBe(200);
  });

  test("wrong password → 401; five failures in a minute → 429 with retry-after", async () => {
    const other = await startTestOctopus();
    try {
      for (let i = 0; i < 5; i++) {
        const { status, body } = await other.api("POST", "/api/v1/user/login", { body: { username: "admin", password: "wrong" } });
        expect(status).toBe(401);
        expect(body.error.message).toBe("wrong username or password");
      }
      const throttled = await other.api("POST", "/api/v1/user/login", { body: { username: "admin", password: "admin" } });
      expect(throttled.status).toBe(429);
      expect(Number(throttled.headers.get("retry-after"))).toBeGreaterThan(0);
      const unknownUser = await other.api("POST", "/api/v1/user/login", { body: { username: "ghost", password: "x" } });
      expect(unknownUser.status).toBe(429);
    } finally {
      await other.close();
    }
  });

  test("changing the password revokes earlier tokens", async () => {
    const other = await startTestOctopus();
    try {
      const first = await other.login();
      const second = await other.login();
      const bad = await other.api("POST", "/api/v1/user/change-password", { token: first, body: { old_password: "nope", new_password: "long-enough-1" } });
      expect(bad.status).toBe(400);
      const short = await other.api("POST", "/api/v1/user/change-password", { token: first, body: { old_password: "admin", new_password: "short" } });
      expect(short.status).toBe(400);
      expect(short.body.error.message).toContain("new_password");
      const changed = await other.api("POST", "/api/v1/user/change-password", { token: first, body: { old_password: "admin", new_password: "long-enough-1" } });
      expect(changed.status).toBe(200);
      for (const old of [first, second]) expect((await other.api("GET", "/api/v1/channel/list", { token: old })).status).toBe(401);
      expect((await other.api("GET", "/api/v1/channel/list", { token: changed.body.token })).status).toBe(200);
      expect((await other.api("POST", "/api/v1/user/login", { body: { username: "admin", password: "admin" } })).status).toBe(401);
      expect(await other.login("long-enough-1")).toBeString();
    } finally {
      await other.close();
    }
  });
});

describe("channels", () => {
  test("types come from the registry", async () => {
    const { body } = await o.api("GET", "/api/v1/channel/types", { token });
    expect(body.map((t: any) => t.type)).toEqual(["openai-chat", "openai-responses", "anthropic", "gemini", "antigravity"]);
    expect(body.find((t: any) => t.type === "anthropic")).toEqual({
      type: "anthropic",
      name: "Anthropic",
      format: "anthropic",
      default_base_url: "https://api.anthropic.com/v1",
    });
  });

  test("create, list, update, delete; provider keys never come back in full", async () => {
    const created = await o.api("POST", "/api/v1/channel/create", {
      token,
      body: channelBody({ custom_headers: [{ key: "X-Org", value: "team" }], param_override: { temperature: 0.3 } }),
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ name: "openai", type: "openai-chat", enabled: true, param_override: '{"temperature":0.3}' });
    expect(created.body.keys).toEqual([{ id: expect.any(Number), key: "sk-p…0001", enabled: true, remark: "main" }]);
    expect(JSON.stringify(created.body)).not.toContain("sk-provider-secret-0001");

    const list = await o.api("GET", "/api/v1/channel/list", { token });
    expect(list.body.map((c: any) => c.id)).toContain(created.body.id);
    expect(JSON.stringify(list.body)).not.toContain("sk-provider-secret-0001");

    const keyId = created.body.keys[0].id;
    const updated = await o.api("POST", "/api/v1/channel/update", {
      token,
      body: { id: created.body.id, enabled: false, keys: [{ id: keyId, enabled: false }, { key: "sk-provider-secret-0002" }] },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.enabled).toBe(false);
    expect(updated.body.keys.map((k: any) => [k.key, k.enabled])).toEqual([
      ["sk-p…0001", false],
      ["sk-p…0002", true],
    ]);
    // The stored secret of the kept key is unchanged, and the in-memory state followed the update.
    expect(o.octopus.state.channels.get(created.body.id)!.keys.map((k) => k.key)).toEqual(["sk-provider-secret-0001", "sk-provider-secret-0002"]);

    expect((await o.api("DELETE", `/api/v1/channel/delete/${created.body.id}`, { token })).status).toBe(200);
    expect(o.octopus.state.channels.has(created.body.id)).toBe(false);
    expect((await o.api("DELETE", `/api/v1/channel/delete/${created.body.id}`, { token })).status).toBe(404);
    expect((await o.api("POST", "/api/v1/channel/update", { token, body: { id: 424242, enabled: true } })).status).toBe(404);
  });

  test("bad bodies are refused with 400 naming the field", async () => {
    const cases: [unknown, string][] = [
      [{ ...channelBody(), name: undefined }, "name"],
      [channelBody({ name: "" }), "name"],
      [channelBody({ type: "bogus" }), "type"],
      [channelBody({ base_urls: [] }), "base_urls"],
      [channelBody({ base_urls: [{ url: "ftp://x" }] }), "base_urls[0].url"],
      [channelBody({ keys: "sk" }), "keys"],
      [channelBody({ keys: [{ remark: "no key" }] }), "keys[0].key"],
      [channelBody({ models: [1] }), "models"],
      [channelBody({ param_override: "[1,2]" }), "param_override"],
      [channelBody({ custom_headers: [{ key: "bad header", value: "v" }] }), "custom_headers[0].key"],
      [channelBody({ model_filter: "([" }), "model_filter"],
      [channelBody({ proxy_url: "not a url" }), "proxy_url"],
    ];
    for (const [body, field] of cases) {
      const response = await o.api("POST", "/api/v1/channel/create", { token, body });
      expect({ field, status: response.status }).toEqual({ field, status: 400 });
      expect(response.body.error.message).toContain(field);
    }
    const malformed = await o.api("POST", "/api/v1/channel/create", { token, body: "{not json" });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toBeString();
    expect((await o.api("DELETE", "/api/v1/channel/delete/abc", { token })).status).toBe(400);
  });

  test("a duplicate name is a 409", async () => {
    expect((await o.api("POST", "/api/v1/channel/create", { token, body: channelBody({ name: "dup" }) })).status).toBe(200);
    const again = await o.api("POST", "/api/v1/channel/create", { token, body: channelBody({ name: "dup" }) });
    expect(again.status).toBe(409);
    expect(JSON.stringify(again.body)).not.toContain("sk-provider-secret");
  });
});

describe("groups", () => {
  test("create, update, delete; items must name channels; modes are checked", async () => {
    const channel = (await o.api("POST", "/api/v1/channel/create", { token, body: channelBody({ name: "for-groups" }) })).body;
    const created = await o.api("POST", "/api/v1/group/create", {
      token,
      body: { name: "gpt-4o", mode: "weighted", items: [{ channel_id: channel.id, model: "gpt-4o", weight: 2 }] },
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ name: "gpt-4o", mode: "weighted", items: [{ channel_id: channel.id, model: "gpt-4o", weight: 2, priority: 1 }] });
    expect(o.octopus.state.groups.get("gpt-4o")!.items).toHaveLength(1);

    const bad = [
      [{ name: "x", mode: "fastest", items: [] }, "mode"],
      [{ name: "x", mode: "random", items: [{ channel_id: 999_999, model: "m" }] }, "items[0].channel_id"],
      [{ name: "x", mode: "random", items: [{ channel_id: channel.id, model: "m", weight: 0 }] }, "items[0].weight"],
      [{ mode: "random", items: [] }, "name"],
    ] as const;
    for (const [body, field] of bad) {
      const response = await o.api("POST", "/api/v1/group/create", { token, body });
      expect({ field, status: response.status }).toEqual({ field, status: 400 });
      expect(response.body.error.message).toContain(field);
    }

    const updated = await o.api("POST", "/api/v1/group/update", { token, body: { id: created.body.id, mode: "failover", affinity_window: 300 } });
    expect(updated.body).toMatchObject({ mode: "failover", affinity_window: 300, items: [{ model: "gpt-4o" }] });
    expect((await o.api("GET", "/api/v1/group/list", { token })).body.map((g: any) => g.name)).toContain("gpt-4o");

    // Deleting the channel takes its items out of the group.
    await o.api("DELETE", `/api/v1/channel/delete/${channel.id}`, { token });
    expect(o.octopus.state.groups.get("gpt-4o")!.items).toEqual([]);
    expect((await o.api("DELETE", `/api/v1/group/delete/${created.body.id}`, { token })).status).toBe(200);
    expect(o.octopus.state.groups.has("gpt-4o")).toBe(false);
  });
});

describe("API keys", () => {
  test("the full key is shown once and stored only as a hash", async () => {
    const created = await o.api("POST", "/api/v1/apikey/create", { token, body: { name: "laptop", max_cost: 5, supported_models: ["gpt-4o"] } });
    expect(created.status).toBe(200);
    const key: string = created.body.key;
    expect(key).toMatch(/^sk-octopus-[A-Za-z0-9]{48}$/);
    expect(created.body).toMatchObject({ name: "laptop", max_cost: 5, enabled: true, expire_at: null, key_prefix: key.slice(0, 15) });
    expect(created.body).not.toHaveProperty("key_hash");
    expect(o.octopus.state.apiKeys.get(hashApiKey(key))!.name).toBe("laptop");

    const list = await o.api("GET", "/api/v1/apikey/list", { token });
    expect(JSON.stringify(list.body)).not.toContain(key);
    const sqlite = new Database(join(o.dir, "data.db"), { readonly: true });
    const row = sqlite.query("SELECT key_hash FROM api_keys WHERE id = ?").get(created.body.id) as { key_hash: string };
    sqlite.close();
    expect(row.key_hash).toBe(hashApiKey(key));
    expect(readFileSync(join(o.dir, "data.db")).includes(key)).toBe(false);

    const second = await o.api("POST", "/api/v1/apikey/create", { token, body: { name: "other" } });
    expect(second.body.key).not.toBe(key);

    const updated = await o.api("POST", "/api/v1/apikey/update", { token, body: { id: created.body.id, enabled: false, max_cost: null } });
    expect(updated.body).toMatchObject({ enabled: false, max_cost: null });
    expect(o.octopus.state.apiKeys.get(hashApiKey(key))!.enabled).toBe(false);
    expect((await o.api("POST", "/api/v1/apikey/create", { token, body: { name: "x", max_cost: -1 } })).status).toBe(400);
    expect((await o.api("POST", "/api/v1/apikey/create", { token, body: { name: "x", expire_at: "tomorrow" } })).status).toBe(400);
    expect((await o.api("DELETE", `/api/v1/apikey/delete/${created.body.id}`, { token })).status).toBe(200);
    expect(o.octopus.state.apiKeys.has(hashApiKey(key))).toBe(false);
  });

  test("a key the relay has seen stops working the moment the panel disables or deletes it", async () => {
    const created = await o.api("POST", "/api/v1/apikey/create", { token, body: { name: "phone" } });
    const models = () => o.api("GET", "/v1/models", { headers: { authorization: `Bearer ${created.body.key}` } });
    expect((await models()).status).toBe(200);
    expect((await models()).status).toBe(200);
    await o.api("POST", "/api/v1/apikey/update", { token, body: { id: created.body.id, enabled: false } });
    expect((await models()).status).toBe(401);
    await o.api("POST", "/api/v1/apikey/update", { token, body: { id: created.body.id, enabled: true } });
    expect((await models()).status).toBe(200);
    await o.api("DELETE", `/api/v1/apikey/delete/${created.body.id}`, { token });
    expect((await models()).status).toBe(401);
  });
});

describe("settings, prices, stats, logs", () => {
  test("settings list with defaults; set validates and takes effect in memory", async () => {
    const list = await o.api("GET", "/api/v1/setting/list", { token });
    expect(list.body.find((s: any) => s.key === "stats_save_interval")).toMatchObject({ value: 5, default: 5, type: "integer", min: 1, max: 1440 });
    const flag = list.body.find((s: any) => s.key === "relay_log_enabled");
    expect(flag).toMatchObject({ type: "boolean", value: true });
    expect(flag).not.toContainKey("min");
    expect(JSON.stringify(list.body)).not.toContain("jwt_secret");
    expect((await o.api("POST", "/api/v1/setting/set", { token, body: { key: "stats_save_interval", value: "15" } })).body).toEqual({ key: "stats_save_interval", value: 15 });
    expect(o.octopus.state.settings.stats_save_interval).toBe(15);
    const cases = [
      [{ key: "jwt_secret", value: "mine" }, "key"],
      [{ key: "stats_save_interval", value: "soon" }, "value"],
      [{ key: "relay_log_enabled", value: "maybe" }, "value"],
      [{ key: "relay_max_attempts", value: 0 }, "value"],
    ] as const;
    for (const [body, field] of cases) {
      const response = await o.api("POST", "/api/v1/setting/set", { token, body });
      expect(response.status).toBe(400);
      expect(response.body.error.message).toStartWith(field);
    }
  });

  test("prices: default and per-channel rows", async () => {
    const saved = await o.api("POST", "/api/v1/model/update", { token, body: { name: "gpt-4o", input: 2.5, output: 10, cache_read: 1.25, cache_write: 0 } });
    expect(saved.body).toMatchObject({ name: "gpt-4o", channel_id: 0, input: 2.5, output: 10 });
    await o.api("POST", "/api/v1/model/update", { token, body: { name: "gpt-4o", channel_id: 3, input: 2, output: 8, cache_read: 1, cache_write: 0 } });
    const list = (await o.api("GET", "/api/v1/model/list", { token })).body;
    expect(list.filter((p: any) => p.name === "gpt-4o").map((p: any) => [p.name, p.channel_id, p.input, p.source])).toEqual([
      ["gpt-4o", 0, 2.5, "user"],
      ["gpt-4o", 3, 2, "user"],
    ]);
    // Models the channels name got a visible row from the bundled catalog.
    expect(list.find((p: any) => p.name === "gpt-4o-mini")).toMatchObject({ channel_id: 0, source: "catalog", input: 0.15, output: 0.6 });
    expect((await o.api("POST", "/api/v1/model/update", { token, body: { name: "gpt-4o", input: -1, output: 0, cache_read: 0, cache_write: 0 } })).status).toBe(400);
  });

  test("system info names the running version and database", async () => {
    const { version } = JSON.parse(readFileSync(join(import.meta.dir, "../package.json"), "utf8"));
    const { status, body } = await o.api("GET", "/api/v1/system/info", { token });
    expect(status).toBe(200);
    expect(body).toMatchObject({ version, database: "sqlite" });
    expect(body.started_at).toBeLessThanOrEqual(Date.now());
    expect(body.uptime_s).toBeGreaterThanOrEqual(0);
  });

  test("model/catalog with model_info_url empty: the bundled catalog, never synced", async () => {
    const status = (await o.api("GET", "/api/v1/model/catalog", { token })).body;
    expect(status).toEqual({ url: "", source: "bundled", models: expect.any(Number), last_sync_at: null, ok: null });
    expect(status.models).toBeGreaterThan(100);
    expect((await o.api("POST", "/api/v1/model/sync", { token })).body).toMatchObject({ ok: false, reason: "model_info_url is empty: syncing is off" });
  });

  test("stats and logs read what the database holds", async () => {
    const total = await o.api("GET", "/api/v1/stats/total", { token });
    expect(total.body).toMatchObject({ requests: 0, success: 0, failed: 0, input_tokens: 0, output_tokens: 0, cache_read_tokens: 0, cache_write_tokens: 0, cost: 0 });
    await o.octopus.stores.stats.add([
      { scope: "total", key: "", counters: { ...total.body, requests: 3, success: 2, failed: 1, cost: 0.25 } },
      { scope: "daily", key: "2026-11-26", counters: { ...total.body, requests: 3 } },
    ]);
    expect((await o.api("GET", "/api/v1/stats/total", { token })).body).toMatchObject({ requests: 3, success: 2, failed: 1, cost: 0.25 });
    expect((await o.api("GET", "/api/v1/stats/daily", { token })).body).toEqual([expect.objectContaining({ key: "2026-11-26", requests: 3 })]);

    expect((await o.api("GET", "/api/v1/log/list?page=1&page_size=10", { token })).body).toEqual({ items: [], total: 0, total_capped: false, next_before_id: null });
    await o.octopus.stores.logs.insert([1, 2, 3, 4, 5].map((i) => logEntry({ time: Date.now() + i, model: `paged-${i}` })));
    const first = (await o.api("GET", "/api/v1/log/list?page_size=2", { token })).body;
    expect({ models: first.items.map((r: { model: string }) => r.model), total: first.total }).toEqual({ models: ["paged-5", "paged-4"], total: 5 });
    const second = (await o.api("GET", `/api/v1/log/list?page_size=2&before_id=${first.next_before_id}`, { token })).body;
    expect(second.items.map((r: { model: string }) => r.model)).toEqual(["paged-3", "paged-2"]);
    const last = (await o.api("GET", `/api/v1/log/list?page_size=2&before_id=${second.next_before_id}`, { token })).body;
    expect({ models: last.items.map((r: { model: string }) => r.model), next: last.next_before_id }).toEqual({ models: ["paged-1"], next: null });
    expect((await o.api("GET", `/api/v1/log/list?page=2&before_id=${second.next_before_id}`, { token })).body.error.message).toBe(
      "before_id and page are alternatives: give one",
    );
    await o.octopus.stores.logs.clear();
    expect((await o.api("GET", "/api/v1/log/list?page=0", { token })).status).toBe(400);
    expect((await o.api("GET", "/api/v1/log/list?page_size=100000", { token })).status).toBe(400);
    expect((await o.api("GET", "/api/v1/log/12345", { token })).status).toBe(404);
  });
});

describe("hostile input", () => {
  test("validation messages name the allowed values", async () => {
    const cases = [
      ["/api/v1/group/create", { name: "x", mode: "fastest", items: [] }, "body.mode: must be one of round_robin, random, failover, weighted, manual"],
      ["/api/v1/group/create", { name: "x", mode: "random", items: [{ channel_id: "one", model: "m" }] }, "body.items[0].channel_id: must be an integer from 1 to 2147483647"],
      ["/api/v1/group/update", { id: 1e20 }, "body.id: must be an integer from 1 to 2147483647"],
    ] as const;
    for (const [path, body, message] of cases) {
      const response = await o.api("POST", path, { token, body });
      expect({ status: response.status, message: response.body.error.message }).toEqual({ status: 400, message });
    }
  });

  test("every log/list query parameter is checked: 400 naming it, never a 500", async () => {
    const cases = [
      ["page=1e20", "page must be an integer from 1 to 1000000"],
      ["page=1.5", "page must be an integer from 1 to 1000000"],
      ["page_size=-3", "page_size must be an integer from 1 to 500"],
      ["from=abc", "from must be an integer from 0 to 9007199254740991"],
      ["to=99999999999999999999", "to must be an integer from 0 to 9007199254740991"],
      ["channel_id=4294967296", "channel_id must be an integer from 1 to 2147483647"],
      ["api_key_id=0", "api_key_id must be an integer from 1 to 2147483647"],
      ["status=ok", "status must be success, failed or a three-digit HTTP status"],
      ["before_id=0", "before_id must be an integer from 1 to 2147483647"],
    ];
    for (const [query, message] of cases) {
      const response = await o.api("GET", `/api/v1/log/list?${query}`, { token });
      expect({ query, status: response.status, message: response.body.error.message }).toEqual({ query, status: 400, message });
    }
    expect((await o.api("GET", "/api/v1/log/4294967296", { token })).status).toBe(400);
    expect((await o.api("GET", "/api/v1/log/list?page=2&page_size=5&from=0&to=9007199254740991&status=failed&model=", { token })).status).toBe(200);
  });

  test("a body nested 100,000 deep is a 400, not a stack overflow", async () => {
    const deep = "[".repeat(100_000) + "]".repeat(100_000);
    const response = await o.api("POST", "/api/v1/group/create", { token, body: `{"name":"x","mode":"random","items":${deep}}` });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toBe("request body nests arrays and objects deeper than 256 levels");
  });
});
