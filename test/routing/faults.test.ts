/**
 * Faults injected into the mock upstreams: the client succeeds whenever a healthy candidate exists
 * and the fault came before the first byte; the number of upstream calls never passes the bound;
 * an invalid request is answered without a retry; health shows what happened.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import type { Format } from "../../src/protocols/ir";
import { fastClock } from "../clock";
import { fromSSEText } from "../golden";
import { SCENARIO } from "../mocks/scenario";
import { minimalRequest, post, startStage, UPSTREAM_KEY, UPSTREAM_MODEL, type Stage } from "../relay/harness";

let stage: Stage;
// Ten times the real pace: a 1 s timeout fires after 100 ms, and cooldowns still outlast a test's requests.
const clock = fastClock(10);
beforeAll(async () => {
  stage = await startStage({}, undefined, clock);
});
afterAll(() => stage.close());
afterEach(() => stage.clearFaults());

let counter = 0;
/** A group over fresh channels (so no test sees another's health), priority 1 first; the items listed last first, so order alone would not do. */
async function failoverGroup(members: { format: Format; keys?: string[]; urls?: string[] }[], group: Record<string, unknown> = {}) {
  const name = `fo-${++counter}`;
  const items = [];
  for (const [i, m] of members.entries()) {
    const channel = await stage.octopus.api("POST", "/api/v1/channel/create", {
      token: stage.token,
      body: {
        name: `${name}-${i}-${m.format}`,
        type: m.format,
        base_urls: (m.urls ?? [stage.baseUrls[m.format]]).map((url) => ({ url })),
        keys: (m.keys ?? [UPSTREAM_KEY]).map((key, k) => ({ key, remark: `key${k}` })),
        models: [UPSTREAM_MODEL[m.format]],
      },
    });
    items.unshift({ channel_id: channel.body.id, model: UPSTREAM_MODEL[m.format], priority: i + 1 });
  }
  const made = await stage.octopus.api("POST", "/api/v1/group/create", { token: stage.token, body: { name, mode: "failover", items, ...group } });
  expect(made.status).toBe(200);
  return { name, channelIds: items.map((i) => i.channel_id).reverse(), group: made.body };
}

const calls = () => Object.fromEntries(Object.entries(stage.mocks).map(([f, m]) => [f, m.calls.length])) as Record<Format, number>;
const delta = (before: Record<Format, number>) => {
  const now = calls();
  return Object.fromEntries(Object.entries(now).filter(([f, n]) => n !== before[f as Format]).map(([f, n]) => [f, n - before[f as Format]]));
};
const ask = (group: string, stream = false) => post(stage, "openai-chat", group, stream, minimalRequest("openai-chat", group, stream));
const health = async (channelId: number) =>
  (await stage.octopus.api("GET", "/api/v1/channel/health", { token: stage.token })).body.find((c: any) => c.channel_id === channelId);

describe("failover before the first byte", () => {
  test("a 500 moves on to the next channel", async () => {
    const { name } = await failoverGroup([{ format: "anthropic" }, { format: "gemini" }]);
    const before = calls();
    stage.mocks.anthropic.fault({ kind: "status", status: 500 });
    const response = await ask(name);
    expect(response.status).toBe(200);
    expect((await response.json()).choices[0].message.content).toBe(SCENARIO.text);
    expect(delta(before)).toEqual({ anthropic: 1, gemini: 1 });
    expect(stage.outcomes.at(-1)!.attempts.map((a) => a.status)).toEqual([500, 200]);
  });

  test("a 429 with retry-after cools the key: later requests skip it until then", async () => {
    const { name, channelIds } = await failoverGroup([{ format: "anthropic" }, { format: "openai-chat" }]);
    stage.mocks.anthropic.fault({ kind: "status", status: 429, retryAfter: 30 });
    const before = calls();
    for (let i = 0; i < 3; i++) expect((await ask(name)).status).toBe(200);
    expect(delta(before)).toEqual({ anthropic: 1, "openai-chat": 3 });
    const key = (await health(channelIds[0])).keys[0];
    expect(key.state).toBe("cooling");
    expect(key.cooldown_until - clock.now()).toBeGreaterThan(25_000);
    expect(key.cooldown_until - clock.now()).toBeLessThanOrEqual(30_000);
  });

  test("a refused key (401) is marked failed and the request goes on with the channel's next key", async () => {
    const { name, channelIds } = await failoverGroup([{ format: "anthropic", keys: ["sk-revoked-key", UPSTREAM_KEY] }, { format: "openai-chat" }]);
    const sentWith = () => stage.mocks.anthropic.calls.map((c) => c.headers["x-api-key"] ?? c.headers.authorization);
    const before = sentWith().length;
    for (let i = 0; i < 4; i++) expect((await ask(name)).status).toBe(200);
    const used = sentWith().slice(before);
    // Key rotation reaches the revoked key once; it is never used again.
    expect(used.filter((k) => k?.includes("sk-revoked-key"))).toHaveLength(1);
    expect(used.filter((k) => k?.includes(UPSTREAM_KEY))).toHaveLength(4);
    const keys = (await health(channelIds[0])).keys;
    expect(keys[0]).toMatchObject({ state: "failed", last_error: expect.any(String) });
    expect(keys[1].state).toBe("ok");
    expect(JSON.stringify(keys)).not.toContain("sk-revoked-key");
  });

  test("connection refused cools the endpoint; the channel's other endpoint and the next channel serve", async () => {
    const closed = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response() });
    const deadUrl = `http://127.0.0.1:${closed.port}/v1`;
    closed.stop(true);
    const { name, channelIds } = await failoverGroup([{ format: "anthropic", urls: [deadUrl] }, { format: "openai-chat", urls: [deadUrl, stage.baseUrls["openai-chat"]] }]);
    const before = calls();
    expect((await ask(name)).status).toBe(200);
    // Dead channel, then the second channel's dead endpoint, then its live one.
    expect(stage.outcomes.at(-1)!.attempts.map((a) => a.status)).toEqual([502, 502, 200]);
    expect((await ask(name)).status).toBe(200);
    // Both dead endpoints now cool down: straight to the live one.
    expect(stage.outcomes.at(-1)!.attempts.map((a) => a.endpoint)).toEqual([stage.baseUrls["openai-chat"]]);
    expect((await health(channelIds[0])).endpoints[0]).toMatchObject({ state: "cooling", last_error: expect.any(String) });
    const two = (await health(channelIds[1])).endpoints;
    expect(two[0].state).toBe("cooling");
    expect(two[1]).toMatchObject({ state: "ok", latency_ms: expect.any(Number) });
    expect(delta(before)).toEqual({ "openai-chat": 2 });
  });

  test("fetch errors classified with their reason: a reset does not cool the endpoint, and the log says why", async () => {
    const resetting = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data: (socket) => void socket.end() } });
    const closed = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response() });
    const deadUrl = `http://127.0.0.1:${closed.port}/v1`;
    closed.stop(true);
    try {
      const resetUrl = `http://127.0.0.1:${resetting.port}/v1`;
      const { name, channelIds } = await failoverGroup([{ format: "anthropic", urls: [resetUrl] }, { format: "openai-chat", urls: [deadUrl] }, { format: "gemini" }]);
      expect((await ask(name)).status).toBe(200);
      const [reset, refused] = stage.outcomes.at(-1)!.attempts;
      expect(reset.error).toContain("connection reset (ECONNRESET)");
      expect(refused.error).toContain("connection refused (ECONNREFUSED)");
      expect((await health(channelIds[0])).endpoints[0].state).toBe("ok");
      expect((await health(channelIds[1])).endpoints[0].state).toBe("cooling");
    } finally {
      resetting.stop(true);
    }
  });

  test("a first byte slower than the group's first_byte_timeout moves on", async () => {
    const { name } = await failoverGroup([{ format: "gemini" }, { format: "openai-chat" }], { first_byte_timeout: 1 });
    // Real milliseconds: far past the timeout's 100.
    stage.mocks.gemini.fault({ kind: "slow_first_byte", ms: 2500 });
    const started = Date.now();
    const virtual = clock.now();
    const response = await ask(name, true);
    expect(response.status).toBe(200);
    const text = fromSSEText(await response.text()).map((e: any) => e.data?.choices?.[0]?.delta?.content ?? "").join("");
    expect(text).toBe(SCENARIO.text);
    expect(Date.now() - started).toBeLessThan(2500);
    expect(clock.now() - virtual).toBeGreaterThanOrEqual(1000);
    expect(stage.outcomes.at(-1)!.attempts.map((a) => a.status)).toEqual([504, 200]);
  });

  test("a stream that opens with an error event fails over; the client sees only the good stream", async () => {
    const { name } = await failoverGroup([{ format: "anthropic" }, { format: "openai-responses" }]);
    stage.mocks.anthropic.fault({ kind: "stream_error_first" });
    const response = await ask(name, true);
    expect(response.status).toBe(200);
    const events = fromSSEText(await response.text());
    expect(events.map((e: any) => e.data?.choices?.[0]?.delta?.content ?? "").join("")).toBe(SCENARIO.text);
    expect(events.some((e: any) => e.data?.error)).toBe(false);
  });
});

describe("no retry", () => {
  test("a reset after the stream reached the client ends it with an error event, without a second upstream call", async () => {
    const { name } = await failoverGroup([{ format: "anthropic" }, { format: "openai-chat" }]);
    stage.mocks.anthropic.fault({ kind: "reset_mid_stream" });
    const before = calls();
    const response = await ask(name, true);
    expect(response.status).toBe(200);
    const events = fromSSEText(await response.text());
    expect((events.at(-1) as any).data.error.message).toBeString();
    expect(delta(before)).toEqual({ anthropic: 1 });
  });

  test("a 400 from upstream is returned at once, though another channel is there", async () => {
    const { name } = await failoverGroup([{ format: "gemini" }, { format: "openai-chat" }]);
    stage.mocks.gemini.fault({ kind: "status", status: 400 });
    const before = calls();
    const response = await ask(name);
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toBeString();
    expect(delta(before)).toEqual({ gemini: 1 });
  });

  test("upstream calls per request never pass relay_max_attempts", async () => {
    await stage.octopus.api("POST", "/api/v1/setting/set", { token: stage.token, body: { key: "relay_max_attempts", value: 2 } });
    try {
      const { name } = await failoverGroup([{ format: "anthropic" }, { format: "gemini" }, { format: "openai-chat" }]);
      stage.mocks.anthropic.fault({ kind: "status", status: 502 });
      stage.mocks.gemini.fault({ kind: "status", status: 503 });
      const before = calls();
      const response = await ask(name);
      expect(response.status).toBeGreaterThanOrEqual(500);
      expect(delta(before)).toEqual({ anthropic: 1, gemini: 1 });
    } finally {
      await stage.octopus.api("POST", "/api/v1/setting/set", { token: stage.token, body: { key: "relay_max_attempts", value: 3 } });
    }
  });
});

describe("manual mode", () => {
  test("the active item serves every request; another only when it fails before the first byte; health and logs say which served", async () => {
    const { name, channelIds, group } = await failoverGroup([{ format: "anthropic" }, { format: "gemini" }, { format: "openai-chat" }], { mode: "manual" });
    const active = group.items.find((i: any) => i.channel_id === channelIds[2]);
    const set = await stage.octopus.api("POST", "/api/v1/group/update", { token: stage.token, body: { id: group.id, active_item_id: active.id } });
    expect(set.body.active_item_id).toBe(active.id);
    const groupHealth = async () => (await stage.octopus.api("GET", "/api/v1/group/health", { token: stage.token })).body.find((g: any) => g.name === name);
    expect((await groupHealth()).current).toMatchObject({ item_id: active.id, channel_id: channelIds[2] });

    let before = calls();
    for (let i = 0; i < 4; i++) expect((await ask(name)).status).toBe(200);
    expect(delta(before)).toEqual({ "openai-chat": 4 });
    expect((await groupHealth()).last_served).toMatchObject({ item_id: active.id, channel_id: channelIds[2] });

    // The active item fails before the first byte: priority 1 (anthropic) serves this request.
    stage.mocks["openai-chat"].fault({ kind: "status", status: 500 });
    before = calls();
    expect((await ask(name)).status).toBe(200);
    expect(delta(before)).toEqual({ "openai-chat": 1, anthropic: 1 });
    expect(stage.outcomes.at(-1)!.channelId).toBe(channelIds[0]);
    expect((await groupHealth()).last_served).toMatchObject({ channel_id: channelIds[0], model: UPSTREAM_MODEL.anthropic });
    // It recovered (one failure does not open its circuit): all traffic is back on it.
    before = calls();
    expect((await ask(name)).status).toBe(200);
    expect(delta(before)).toEqual({ "openai-chat": 1 });

    const foreign = await stage.octopus.api("POST", "/api/v1/group/update", { token: stage.token, body: { id: group.id, active_item_id: 999_999 } });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.message).toContain("active_item_id");
  });
});

describe("circuit breaker", () => {
  test("three failures open a channel's circuit: it gets no traffic while open, and the group shows it cooling", async () => {
    const { name, channelIds } = await failoverGroup([{ format: "anthropic" }, { format: "openai-chat" }]);
    for (let i = 0; i < 3; i++) stage.mocks.anthropic.fault({ kind: "status", status: 500 });
    for (let i = 0; i < 3; i++) expect((await ask(name)).status).toBe(200);
    const before = calls();
    for (let i = 0; i < 3; i++) expect((await ask(name)).status).toBe(200);
    expect(delta(before)).toEqual({ "openai-chat": 3 });
    const circuit = (await health(channelIds[0])).circuits[0];
    expect(circuit).toMatchObject({ state: "open", failures: 3 });
    const groupHealth = (await stage.octopus.api("GET", "/api/v1/group/health", { token: stage.token })).body.find((g: any) => g.name === name);
    expect(groupHealth.current).toEqual({ item_id: expect.any(Number), channel_id: channelIds[1], model: UPSTREAM_MODEL["openai-chat"] });
    expect(groupHealth.cooling).toEqual([{ channel_id: channelIds[0], model: UPSTREAM_MODEL.anthropic, ready_at: expect.any(Number) }]);
  });
});

describe("endpoints and waiting", () => {
  test("an idle probe measures each endpoint; requests go to the fastest", async () => {
    const delayed = (ms: number) =>
      Bun.serve({
        port: 0,
        hostname: "127.0.0.1",
        async fetch(request) {
          await Bun.sleep(ms);
          // Forward real requests to the mock; a probe's GET of the base URL just gets its answer late.
          if (request.method === "GET") return new Response("not found", { status: 404 });
          const url = new URL(request.url);
          return fetch(stage.baseUrls["openai-chat"].replace("/v1", "") + url.pathname, { method: "POST", headers: request.headers, body: request.body });
        },
      });
    const slow = delayed(150);
    const fast = delayed(0);
    stage.servers.push(slow, fast);
    const urls = [`http://127.0.0.1:${slow.port}/v1`, `http://127.0.0.1:${fast.port}/v1`];
    const { name, channelIds } = await failoverGroup([{ format: "openai-chat", urls }]);
    await stage.octopus.octopus.router.probeIdle(0);
    const [slowHealth, fastHealth] = (await health(channelIds[0])).endpoints;
    expect(slowHealth.latency_ms).toBeGreaterThanOrEqual(140);
    expect(fastHealth.latency_ms).toBeLessThan(slowHealth.latency_ms);
    for (let i = 0; i < 3; i++) {
      expect((await ask(name)).status).toBe(200);
      expect(stage.outcomes.at(-1)!.attempts.map((a) => a.endpoint)).toEqual([urls[1]]);
    }
  });

  test("when every candidate cools down, a request waits for the first to be ready, never past the deadline", async () => {
    const { name } = await failoverGroup([{ format: "gemini" }]);
    stage.mocks.gemini.fault({ kind: "status", status: 429, retryAfter: 3 });
    expect((await ask(name)).status).toBe(429);
    const started = clock.now();
    expect((await ask(name)).status).toBe(200);
    expect(clock.now() - started).toBeGreaterThanOrEqual(2000);

    await stage.octopus.api("POST", "/api/v1/setting/set", { token: stage.token, body: { key: "relay_deadline", value: 5 } });
    try {
      stage.mocks.gemini.fault({ kind: "status", status: 429, retryAfter: 60 });
      expect((await ask(name)).status).toBe(429);
      const quick = clock.now();
      const refused = await ask(name);
      // Refused at once: waiting would pass the 5 s deadline.
      expect(clock.now() - quick).toBeLessThan(5000);
      expect(refused.status).toBe(503);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(50);
    } finally {
      await stage.octopus.api("POST", "/api/v1/setting/set", { token: stage.token, body: { key: "relay_deadline", value: 300 } });
    }
  });
});

describe("mock fault queues reset between tests", () => {
  test("a test leaves a fault no request took", () => {
    stage.mocks["openai-chat"].fault({ kind: "status", status: 500 });
  });

  test("the next test does not meet it", async () => {
    const { name } = await failoverGroup([{ format: "openai-chat" }]);
    const before = calls();
    expect((await ask(name)).status).toBe(200);
    expect(delta(before)).toEqual({ "openai-chat": 1 });
  });
});
