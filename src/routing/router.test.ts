import { describe, expect, test } from "bun:test";
import type { ChannelRow } from "../db/stores/channels";
import type { GroupRow } from "../db/stores/groups";
import type { Format } from "../protocols/ir";
import { seededRandom } from "./random";
import type { FailureKind } from "./retry";
import { Router, type Candidate } from "./router";

let nextKeyId = 100;
function channel(id: number, over: Partial<ChannelRow> & { keyCount?: number; urls?: string[] } = {}): ChannelRow {
  const { keyCount = 1, urls = [`http://c${id}.test/v1`], ...rest } = over;
  return {
    id,
    name: `c${id}`,
    type: "openai-chat",
    enabled: true,
    base_urls: urls.map((url) => ({ url })),
    models: ["m"],
    model_filter: "",
    auto_sync: false,
    custom_headers: [],
    param_override: "",
    proxy_url: "",
    created_at: 0,
    updated_at: 0,
    keys: Array.from({ length: keyCount }, (_, i) => ({ id: nextKeyId++, channel_id: id, key: `k${i}`, enabled: true, remark: `key${i}` })),
    ...rest,
  };
}

function group(mode: GroupRow["mode"], channelIds: number[], over: Partial<GroupRow> = {}): GroupRow {
  return {
    id: 1,
    name: "g",
    mode,
    first_byte_timeout: 0,
    stream_idle_timeout: 0,
    request_timeout: 0,
    affinity_window: 0,
    active_item_id: null,
    aliases: [],
    created_at: 0,
    updated_at: 0,
    items: channelIds.map((channel_id, i) => ({ id: i + 1, group_id: 1, channel_id, model: "m", priority: i + 1, weight: 1 })),
    ...over,
  };
}

function setup(channels: ChannelRow[]) {
  const c = { t: 5_000_000 };
  const map = new Map(channels.map((ch) => [ch.id, ch]));
  const router = new Router(() => map, { random: seededRandom(3), health: { now: () => c.t, threshold: 1, baseCooldownMs: 10_000 } });
  return { router, clock: c, map };
}

/** Walks a plan like the relay: fail each candidate with `fail(candidate)` until one succeeds. */
function run(router: Router, g: GroupRow, fail: (c: Candidate) => "auth" | "server" | "rate_limit" | undefined, apiKeyId = 1, conversation?: string) {
  const tried: string[] = [];
  const { attempts } = router.plan(g, { apiKeyId, conversation });
  let kind: FailureKind | undefined;
  for (let next = attempts.next(); !next.done; next = attempts.next(kind)) {
    const candidate = next.value;
    router.begin(candidate);
    tried.push(`${candidate.channel.name}/${candidate.key.remark}`);
    kind = fail(candidate);
    router.report(candidate, kind ? { ok: false, kind, message: kind, retryAfterMs: 30_000 } : { ok: true, ttfbMs: 50 }, g, { apiKeyId, conversation });
    if (!kind) break;
  }
  return tried;
}

describe("router", () => {
  test("keys rotate across requests; a refused key moves to the next key of the same channel", () => {
    const { router } = setup([channel(1, { keyCount: 3 })]);
    const g = group("failover", [1]);
    expect([run(router, g, () => undefined), run(router, g, () => undefined), run(router, g, () => undefined)]).toEqual([["c1/key0"], ["c1/key1"], ["c1/key2"]]);
    // key0 is refused: the same request goes on with key1, and key0 is skipped afterwards.
    expect(run(router, g, (c) => (c.key.remark === "key0" ? "auth" : undefined))).toEqual(["c1/key0", "c1/key1"]);
    expect(run(router, g, () => undefined)).not.toContain("c1/key0");
    expect(run(router, g, () => undefined)).not.toContain("c1/key0");
  });

  test("a plan takes each failure from the caller, not from report(): a refused key goes on with the next key", () => {
    const { router } = setup([channel(1, { keyCount: 2 }), channel(2)]);
    const { attempts } = router.plan(group("failover", [1, 2]), { apiKeyId: 1 });
    const names = (c: IteratorResult<Candidate, void>) => (c.done ? "done" : `${c.value.channel.name}/${c.value.key.remark}`);
    expect(names(attempts.next())).toBe("c1/key0");
    expect(names(attempts.next("auth"))).toBe("c1/key1");
    expect(names(attempts.next("server"))).toBe("c2/key0");
    expect(names(attempts.next("server"))).toBe("done");
    // Nothing was reported: the health knows of no failure.
    expect(router.health.keys.size + router.health.circuits.size).toBe(0);
  });

  test("a server failure moves to the next item, not the next key", () => {
    const { router } = setup([channel(1, { keyCount: 2 }), channel(2)]);
    expect(run(router, group("failover", [1, 2]), (c) => (c.channel.id === 1 ? "server" : undefined))).toEqual(["c1/key0", "c2/key0"]);
  });

  test("disabled channels and keys are never picked; cooling items only when nothing else is", () => {
    const ch3 = channel(3);
    ch3.keys[0].enabled = false;
    const { router, clock } = setup([channel(1, { enabled: false }), channel(2), ch3, channel(4)]);
    const g = group("round_robin", [1, 2, 3, 4]);
    for (let i = 0; i < 6; i++) for (const name of run(router, g, () => undefined)) expect(name).toMatch(/^c[24]\//);
    // c2 fails (threshold 1 opens its circuit): only c4 serves until c2's cooldown ends.
    run(router, group("failover", [2]), () => "server");
    for (let i = 0; i < 4; i++) expect(run(router, g, () => undefined)).toEqual(["c4/key0"]);
    clock.t += 10_000;
    const seen = new Set(Array.from({ length: 4 }, () => run(router, g, () => undefined)[0]));
    expect(seen.has("c2/key0")).toBe(true);
  });

  test("everything cooling: no attempt, and the time the first is ready", () => {
    const { router, clock } = setup([channel(1), channel(2)]);
    const g = group("failover", [1, 2]);
    run(router, g, () => "rate_limit");
    const plan = router.plan(g, { apiKeyId: 1 });
    expect([...plan.attempts]).toEqual([]);
    expect(plan.readyAt).toBe(clock.t + 30_000);
  });

  test("failover tries priority 1 first, then 2, whatever the items' order; status names the same item", () => {
    const { router } = setup([channel(1), channel(2), channel(3)]);
    const g = group("failover", [1, 2, 3]);
    g.items = g.items.map((item, i) => ({ ...item, priority: [3, 1, 2][i] }));
    expect(router.status(g).current).toEqual({ item_id: 2, channel_id: 2, model: "m" });
    expect(run(router, g, () => "server")).toEqual(["c2/key0", "c3/key0", "c1/key0"]);
  });

  test("manual mode: the active item takes all traffic, sticky sessions included; the others only while it fails", () => {
    const { router, clock } = setup([channel(1), channel(2), channel(3)]);
    const g = group("manual", [1, 2, 3], { active_item_id: 3, affinity_window: 300 });
    for (let i = 0; i < 5; i++) expect(run(router, g, () => undefined, i)).toEqual(["c3/key0"]);
    expect(router.status(g)).toMatchObject({ current: { item_id: 3, channel_id: 3 }, last_served: { item_id: 3, channel_id: 3, model: "m" } });
    // It fails before the first byte: priority 1 serves, and the status says so.
    expect(run(router, g, (c) => (c.channel.id === 3 ? "server" : undefined))).toEqual(["c3/key0", "c1/key0"]);
    expect(router.status(g)).toMatchObject({ current: { item_id: 1 }, last_served: { item_id: 1, channel_id: 1 } });
    // Key 1 was last served by channel 1, but manual ignores stickiness once the active item is back.
    clock.t += 10_000;
    expect(run(router, g, () => undefined, 1)).toEqual(["c3/key0"]);
    // No active item chosen: the first by priority.
    expect(run(router, { ...g, active_item_id: null }, () => undefined)).toEqual(["c1/key0"]);
  });

  test("failover returns to the recovered higher-priority item after its cooldown", () => {
    const { router, clock } = setup([channel(1), channel(2)]);
    const g = group("failover", [1, 2]);
    expect(run(router, g, (c) => (c.channel.id === 1 ? "server" : undefined))).toEqual(["c1/key0", "c2/key0"]);
    expect(run(router, g, () => undefined)).toEqual(["c2/key0"]);
    clock.t += 10_000;
    expect(router.status(g).current).toEqual({ item_id: 1, channel_id: 1, model: "m" });
    expect(run(router, g, () => undefined)).toEqual(["c1/key0"]);
    expect(run(router, g, () => undefined)).toEqual(["c1/key0"]);
  });

  test("a sticky session keeps a key's requests on the channel that last served them, per key, for the window", () => {
    const { router, clock } = setup([channel(1), channel(2), channel(3)]);
    const g = group("round_robin", [1, 2, 3], { affinity_window: 300 });
    const first = run(router, g, () => undefined, 7)[0];
    for (let i = 0; i < 5; i++) expect(run(router, g, () => undefined, 7)[0]).toBe(first);
    // Another key is not pulled along: it follows the round robin.
    const next = router.status(g).current!;
    expect(run(router, g, () => undefined, 8)[0]).toBe(`c${next.channel_id}/key0`);
    // Once the window has passed without a request, the key follows the round robin again.
    clock.t += 300_001;
    const turn = router.status(g).current!;
    expect(run(router, g, () => undefined, 7)[0]).toBe(`c${turn.channel_id}/key0`);
  });

  test("sticky by conversation: each named conversation keeps its channel while the key's other requests spread", () => {
    const { router } = setup([channel(1), channel(2)]);
    const g = group("round_robin", [1, 2], { affinity_window: 300 });
    const claude = run(router, g, () => undefined, 7, "claude-session")[0];
    const codex = run(router, g, () => undefined, 7, "codex-thread")[0];
    expect(codex).not.toBe(claude);
    const others: string[] = [];
    for (let i = 0; i < 10; i++) {
      expect(run(router, g, () => undefined, 7, "claude-session")[0]).toBe(claude);
      expect(run(router, g, () => undefined, 7, "codex-thread")[0]).toBe(codex);
      others.push(run(router, g, () => undefined, 7, `other-${i}`)[0]);
    }
    expect(new Set(others)).toEqual(new Set(["c1/key0", "c2/key0"]));
    // Two conversations and ten others remembered.
    expect(router.stickySize).toBe(12);
  });

  test("the sticky map stays bounded under 100k distinct sessions; recent ones still stick", () => {
    const { router } = setup([channel(1), channel(2)]);
    const g = group("round_robin", [1, 2], { affinity_window: 300 });
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    for (let i = 0; i < 100_000; i++) run(router, g, () => undefined, 1, `session-${i}`);
    const perRequestUs = ((performance.now() - started) * 1000) / 100_000;
    expect(router.stickySize).toBe(50_000);
    const last = run(router, g, () => undefined, 1, "session-99999")[0];
    expect(run(router, g, () => undefined, 1, "session-99999")[0]).toBe(last);
    // Sized for the log: time per plan+report and heap growth at the bound.
    console.log(`100k sessions: ${perRequestUs.toFixed(2)} µs per plan+report, map ${router.stickySize}, heap +${((process.memoryUsage().heapUsed - heapBefore) / 1e6).toFixed(1)} MB`);
    const small = new Router(() => new Map([[1, channel(1)]]), { stickySessions: 100 });
    for (let i = 0; i < 1000; i++) run(small, group("failover", [1], { affinity_window: 60 }), () => undefined, 1, `s${i}`);
    expect(small.stickySize).toBe(100);
  });

  test("the endpoint with the lowest latency is chosen; a failing one cools and the others serve", () => {
    const urls = ["http://slow.test/v1", "http://fast.test/v1", "http://new.test/v1"];
    const { router } = setup([channel(1, { urls })]);
    const h = router.health;
    h.endpointLatency(1, urls[0], 400);
    h.endpointLatency(1, urls[1], 40);
    // Never measured: tried first, to be measured.
    expect([...router.plan(group("failover", [1]), { apiKeyId: 1 }).attempts][0].baseUrl).toBe(urls[2]);
    h.endpointLatency(1, urls[2], 90);
    expect([...router.plan(group("failover", [1]), { apiKeyId: 1 }).attempts][0].baseUrl).toBe(urls[1]);
    h.endpointFailed(1, urls[1], "refused");
    expect([...router.plan(group("failover", [1]), { apiKeyId: 1 }).attempts][0].baseUrl).toBe(urls[2]);
  });

  test("a multi-format channel: the client's format when it has an endpoint of it, the type's otherwise; the fastest of that format", () => {
    const base_urls = [
      { url: "http://own.test/v1" },
      { url: "http://slow-anthropic.test/v1", format: "anthropic" as const },
      { url: "http://fast-anthropic.test/v1", format: "anthropic" as const },
    ];
    const { router } = setup([channel(1, { base_urls })]);
    const first = (client?: Format, formats?: Format[]) => [...router.plan(group("failover", [1]), { apiKeyId: 1 }, formats, client).attempts][0];
    router.health.endpointLatency(1, base_urls[1].url, 400);
    router.health.endpointLatency(1, base_urls[2].url, 40);
    expect(first("anthropic")).toMatchObject({ format: "anthropic", baseUrl: base_urls[2].url });
    expect(first("openai-chat")).toMatchObject({ format: "openai-chat", baseUrl: base_urls[0].url });
    expect(first("openai-responses")).toMatchObject({ format: "openai-chat", baseUrl: base_urls[0].url });
    expect(first()).toMatchObject({ format: "openai-chat" });
    // A call only some formats serve (token counting: Anthropic) uses the endpoint that speaks one.
    expect(first("anthropic", ["anthropic"])).toMatchObject({ format: "anthropic", baseUrl: base_urls[2].url });
    expect(first("openai-chat", ["gemini"])).toBeUndefined();
    // An unreachable endpoint goes on with the next of the same format, never another format's.
    router.health.endpointFailed(1, base_urls[2].url, "refused");
    const tried: string[] = [];
    const { attempts } = router.plan(group("failover", [1]), { apiKeyId: 1 }, undefined, "anthropic");
    for (let next = attempts.next(); !next.done; next = attempts.next("connection")) tried.push(next.value.baseUrl);
    expect(tried).toEqual([base_urls[1].url, base_urls[2].url]);
  });
});
