/**
 * An Octopus that looks used: mock upstreams behind four channels, groups and API keys made
 * through the admin API, and a year of traffic written into the stats and the request log, so
 * the panel's screenshots show what a user's panel shows after months of use.
 */
import { COUNTERS, zeroCounters, type Counters, type StatDelta } from "../../src/db/stores/stats";
import type { LogEntry } from "../../src/db/stores/logs";
import { dayKey, hourKey } from "../../src/accounting/stats";
import { createAnthropicMock } from "../mocks/anthropic";
import { createGeminiMock } from "../mocks/gemini";
import { createOpenaiChatMock } from "../mocks/openai-chat";
import type { MockOptions, MockUpstream } from "../mocks/scenario";
import { startTestOctopus, type TestOctopus } from "../octopus";

export const DEMO_UPSTREAM_KEY = "sk-demo-upstream-4f9a2c7e1b";

interface DemoChannel {
  name: string;
  type: "openai-chat" | "anthropic" | "gemini";
  mock: (opts: MockOptions) => MockUpstream;
  path: string;
  models: string[];
  /** USD per million input and output tokens, for the synthetic history. */
  price: Record<string, [number, number]>;
}

const CHANNELS: DemoChannel[] = [
  { name: "OpenAI", type: "openai-chat", mock: createOpenaiChatMock, path: "/v1", models: ["gpt-4.1", "gpt-4o-mini", "o4-mini"], price: { "gpt-4.1": [2, 8], "gpt-4o-mini": [0.15, 0.6], "o4-mini": [1.1, 4.4] } },
  { name: "Anthropic", type: "anthropic", mock: createAnthropicMock, path: "/v1", models: ["claude-sonnet-4-5", "claude-haiku-4-5"], price: { "claude-sonnet-4-5": [3, 15], "claude-haiku-4-5": [1, 5] } },
  { name: "Gemini", type: "gemini", mock: createGeminiMock, path: "/v1beta", models: ["gemini-2.5-pro", "gemini-2.5-flash"], price: { "gemini-2.5-pro": [1.25, 10], "gemini-2.5-flash": [0.3, 2.5] } },
  { name: "DeepSeek", type: "openai-chat", mock: createOpenaiChatMock, path: "/v1", models: ["deepseek-chat", "deepseek-reasoner"], price: { "deepseek-chat": [0.27, 1.1], "deepseek-reasoner": [0.55, 2.19] } },
];

const KEYS = [
  { name: "Claude Code · laptop", weight: 5, max_cost: null },
  { name: "Codex · workstation", weight: 3, max_cost: 200 },
  { name: "Gemini CLI", weight: 1.5, max_cost: null },
  { name: "CI bot", weight: 1, max_cost: 50 },
];

export interface Demo {
  octopus: TestOctopus;
  token: string;
  /** A client API key that works through every group. */
  apiKey: string;
  close(): Promise<void>;
}

/** A repeatable pseudo-random sequence (mulberry32), so every run draws the same history. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function startDemo(options: { history?: boolean; env?: Record<string, string> } = {}): Promise<Demo> {
  const octopus = await startTestOctopus({ env: options.env });
  const token = await octopus.login();
  const call = async (path: string, body: unknown) => {
    const r = await octopus.api("POST", path, { token, body });
    if (r.status !== 200) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const servers: ReturnType<typeof Bun.serve>[] = [];
  const channelIds: number[] = [];
  for (const c of CHANNELS) {
    const mock = c.mock({ apiKey: DEMO_UPSTREAM_KEY, models: c.models });
    const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: mock.fetch });
    servers.push(server);
    const keys = [{ key: DEMO_UPSTREAM_KEY, remark: "personal" }];
    // A second key the mock refuses, as a revoked key would be: the panel shows it failed.
    if (c.name === "OpenAI") keys.push({ key: "sk-demo-revoked-7d1e0b5a93", remark: "team (revoked)" });
    const channel = await call("/api/v1/channel/create", {
      name: c.name,
      type: c.type,
      base_urls: [{ url: `http://127.0.0.1:${server.port}${c.path}` }],
      keys,
      models: c.models,
    });
    channelIds.push(channel.id);
  }
  const groups: [string, number, string][][] = [
    [[CHANNELS[0].name, channelIds[0], "gpt-4.1"]],
    [[CHANNELS[1].name, channelIds[1], "claude-sonnet-4-5"], [CHANNELS[0].name, channelIds[0], "gpt-4.1"]],
    [[CHANNELS[1].name, channelIds[1], "claude-haiku-4-5"]],
    [[CHANNELS[2].name, channelIds[2], "gemini-2.5-pro"]],
    [[CHANNELS[3].name, channelIds[3], "deepseek-chat"]],
  ];
  const names = ["gpt-4.1", "claude-sonnet-4-5", "claude-haiku-4-5", "gemini-2.5-pro", "deepseek-chat"];
  for (const [i, items] of groups.entries())
    await call("/api/v1/group/create", {
      name: names[i],
      mode: items.length > 1 ? "failover" : "round_robin",
      items: items.map(([, channel_id, model], n) => ({ channel_id, model, priority: n + 1 })),
    });
  const keyIds: number[] = [];
  let apiKey = "";
  for (const k of KEYS) {
    const created = await call("/api/v1/apikey/create", { name: k.name, max_cost: k.max_cost });
    keyIds.push(created.id);
    apiKey ||= created.key;
  }
  if (options.history !== false) await writeHistory(octopus, channelIds, keyIds);
  return {
    octopus,
    token,
    apiKey,
    async close() {
      await octopus.close();
      for (const s of servers) s.stop(true);
    },
  };
}

/** A year of days, busier on weekdays and growing over time; the last two days also as log rows. */
async function writeHistory(octopus: TestOctopus, channelIds: number[], keyIds: number[]) {
  const rand = random(42);
  const pending = new Map<string, StatDelta>();
  const add = (scope: StatDelta["scope"], key: string, c: Counters) => {
    const id = `${scope}\u0000${key}`;
    let delta = pending.get(id);
    if (!delta) pending.set(id, (delta = { scope, key, counters: zeroCounters() }));
    for (const name of COUNTERS) delta.counters[name] += c[name];
  };
  const logs: LogEntry[] = [];
  const now = Date.now();
  const keyWeights = KEYS.map((k) => k.weight);
  const pick = <T>(items: T[], weights: number[]) => {
    let r = rand() * weights.reduce((a, b) => a + b, 0);
    for (const [i, w] of weights.entries()) if ((r -= w) < 0) return items[i];
    return items[items.length - 1];
  };
  for (let daysAgo = 364; daysAgo >= 0; daysAgo--) {
    const start = new Date(now - daysAgo * 86_400_000);
    start.setHours(0, 0, 0, 0);
    const weekday = start.getDay() % 6 !== 0;
    const growth = 0.25 + 0.75 * ((364 - daysAgo) / 364);
    const quiet = rand() < 0.06;
    const requests = quiet ? 0 : Math.round((weekday ? 70 : 18) * growth * (0.6 + rand() * 0.8));
    for (let n = 0; n < requests; n++) {
      const hour = weekday ? 8 + Math.floor(rand() * 12) : Math.floor(rand() * 24);
      const time = start.getTime() + hour * 3_600_000 + Math.floor(rand() * 3_600_000);
      if (time > now) continue;
      const channelIndex = pick([0, 1, 2, 3], [3, 5, 1.5, 1]);
      const channel = CHANNELS[channelIndex];
      const model = channel.models[Math.floor(rand() * channel.models.length)];
      const keyIndex = pick([0, 1, 2, 3], keyWeights);
      const failed = rand() < 0.03;
      const input = failed ? 0 : Math.round(800 + rand() * 24_000);
      const cacheRead = failed ? 0 : Math.round(input * rand() * 0.7);
      const output = failed ? 0 : Math.round(60 + rand() * 1800);
      const [pin, pout] = channel.price[model];
      const cost = (input * pin + output * pout + cacheRead * pin * 0.1) / 1e6;
      const counters: Counters = { ...zeroCounters(), requests: 1, success: failed ? 0 : 1, failed: failed ? 1 : 0, input_tokens: input, output_tokens: output, cache_read_tokens: cacheRead, cost };
      const t = new Date(time);
      add("total", "", counters);
      add("daily", dayKey(t), counters);
      add("hourly", hourKey(t), counters);
      add("channel", String(channelIds[channelIndex]), counters);
      add("model", model, counters);
      add("apikey", String(keyIds[keyIndex]), counters);
      if (daysAgo <= 1) {
        const ttfb = Math.round(250 + rand() * 900);
        logs.push({
          time,
          api_key_id: keyIds[keyIndex],
          api_key_name: KEYS[keyIndex].name,
          format: channel.type,
          model,
          channel_id: channelIds[channelIndex],
          channel_name: channel.name,
          actual_model: model,
          status: failed ? pick([429, 500, 529], [3, 1, 1]) : 200,
          input_tokens: input,
          output_tokens: output,
          cache_read_tokens: cacheRead,
          cache_write_tokens: 0,
          reasoning_tokens: 0,
          cost,
          ttfb_ms: ttfb,
          duration_ms: failed ? ttfb : ttfb + Math.round(output * (8 + rand() * 12)),
          error: failed ? "upstream answered 429: rate limit reached for requests" : null,
          attempts: [],
          request_body: null,
          response_body: null,
          source: "relay",
          instance: "",
          seq: 0,
        });
      }
    }
  }
  await octopus.octopus.stores.stats.add([...pending.values()]);
  logs.sort((a, b) => a.time - b.time);
  await octopus.octopus.stores.logs.insert(logs);
}
