/** The side routes of the client API: model lists in each SDK's shape, embeddings, token counting. */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import Anthropic from "@anthropic-ai/sdk";
import { GoogleGenAI } from "@google/genai";
import OpenAI from "openai";
import { FORMATS } from "../../src/protocols/ir";
import { fastClock } from "../clock";
import { addRawUpstream, basePath, groupFor, minimalRequest, startStage, UPSTREAM_KEY, UPSTREAM_MODEL, type Stage } from "./harness";

let stage: Stage;
// Twenty times the real pace: a group's 1 s timeout fires after 50 ms.
const clock = fastClock(20);
beforeAll(async () => {
  stage = await startStage({}, undefined, clock);
});
afterAll(() => stage.close());

const GROUPS = FORMATS.map(groupFor).sort();

describe("model lists", () => {
  test("each official SDK lists the groups in its own shape", async () => {
    const openai = new OpenAI({ baseURL: `${stage.octopus.url}/v1`, apiKey: stage.key });
    const ids: string[] = [];
    for await (const model of openai.models.list()) ids.push(model.id);
    expect(ids).toEqual(GROUPS);

    const anthropic = new Anthropic({ baseURL: stage.octopus.url, apiKey: stage.key });
    const claude: string[] = [];
    for await (const model of anthropic.models.list()) claude.push(model.id);
    expect(claude).toEqual(GROUPS);

    const gemini = new GoogleGenAI({ apiKey: stage.key, httpOptions: { baseUrl: stage.octopus.url } });
    const names: string[] = [];
    for await (const model of await gemini.models.list()) names.push(model.name ?? "");
    expect(names).toEqual(GROUPS.map((g) => `models/${g}`));
  });

  test("a key limited to some models sees only those; no key is a 401", async () => {
    const made = await stage.octopus.api("POST", "/api/v1/apikey/create", { token: stage.token, body: { name: "one-model", supported_models: [groupFor("gemini")] } });
    const list = await fetch(`${stage.octopus.url}/v1/models`, { headers: { authorization: `Bearer ${made.body.key}` } });
    expect((await list.json()).data.map((m: any) => m.id)).toEqual([groupFor("gemini")]);
    expect((await fetch(`${stage.octopus.url}/v1/models`)).status).toBe(401);
    const gemini = await fetch(`${stage.octopus.url}/v1beta/models`);
    expect(gemini.status).toBe(401);
    expect((await gemini.json()).error.status).toBeString();
  });
});

describe("gemini paths", () => {
  const call = (target: string) =>
    fetch(`${stage.octopus.url}/v1beta/models/${target}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-goog-api-key": stage.key },
      body: JSON.stringify(minimalRequest("gemini", "", false)),
    });

  test("the Gemini model list advertises countTokens no more: every method it lists is served", async () => {
    const list = await (await fetch(`${stage.octopus.url}/v1beta/models`, { headers: { "x-goog-api-key": stage.key } })).json();
    const methods = new Set(list.models.flatMap((m: any) => m.supportedGenerationMethods));
    expect([...methods].sort()).toEqual(["generateContent", "streamGenerateContent"]);
    for (const method of methods) expect((await call(`${groupFor("gemini")}:${method}`)).status).toBe(200);
  });

  test("the model name in Gemini paths is URL-decoded once", async () => {
    const name = "gemini-100%";
    const made = await stage.octopus.api("POST", "/api/v1/group/create", {
      token: stage.token,
      body: { name, mode: "failover", items: [{ channel_id: stage.channelIds.gemini, model: UPSTREAM_MODEL.gemini }] },
    });
    expect(made.status).toBe(200);
    const response = await call(`${encodeURIComponent(name)}:generateContent`);
    expect(response.status).toBe(200);
    expect(stage.outcomes.at(-1)!.model).toBe(name);
  });
});

describe("embeddings", () => {
  test("pass through to an OpenAI channel, usage counted", async () => {
    let seen: any;
    await addRawUpstream(stage, "embedder", "openai-chat", async (request) => {
      seen = { path: new URL(request.url).pathname, body: await request.json() };
      return Response.json({ object: "list", data: [{ object: "embedding", index: 0, embedding: [0.1, -0.2, 0.3] }], model: "up", usage: { prompt_tokens: 6, total_tokens: 6 } });
    });
    const openai = new OpenAI({ baseURL: `${stage.octopus.url}/v1`, apiKey: stage.key });
    const result = await openai.embeddings.create({ model: "embedder", input: "hello world", encoding_format: "float" });
    expect(result.data[0].embedding).toEqual([0.1, -0.2, 0.3]);
    expect(seen).toEqual({ path: "/v1/embeddings", body: { model: "up", input: "hello world", encoding_format: "float" } });
    expect(stage.outcomes.at(-1)).toMatchObject({ model: "embedder", status: 200, usage: { inputTokens: 6 } });
  });

  test("a group without an OpenAI channel is a 400 in OpenAI's shape that says why", async () => {
    const response = await fetch(`${stage.octopus.url}/v1/embeddings`, {
      method: "POST",
      headers: { authorization: `Bearer ${stage.key}`, "content-type": "application/json" },
      body: JSON.stringify({ model: groupFor("anthropic"), input: "x" }),
    });
    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error.type).toBe("invalid_request_error");
    expect(error.message).toBe(`no channel of "${groupFor("anthropic")}" can serve embeddings: they are relayed to OpenAI channels only`);
  });
});

const vector = (tokens: number) =>
  Response.json({ object: "list", data: [{ object: "embedding", index: 0, embedding: [0.5] }], model: "up", usage: { prompt_tokens: tokens, total_tokens: tokens } });

const postJson = (path: string, key: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(stage.octopus.url + path, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}`, ...headers },
    body: JSON.stringify(body),
  });

/** One more channel of `type` (its own upstream server) in the group `group`, after its items. */
async function addToGroup(group: string, type: "openai-chat" | "anthropic", fetch: (request: Request) => Response | Promise<Response>) {
  const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch });
  stage.servers.push(server);
  const api = (path: string, body?: unknown) => stage.octopus.api(body === undefined ? "GET" : "POST", path, { token: stage.token, body });
  const channel = await api("/api/v1/channel/create", {
    name: `${group}-${server.port}`,
    type,
    base_urls: [{ url: `http://127.0.0.1:${server.port}${basePath[type]}` }],
    keys: [{ key: UPSTREAM_KEY }],
    models: ["up"],
  });
  const made = (await api("/api/v1/group/list")).body.find((g: any) => g.name === group);
  // Tried after the group's own items: priority 1 goes first.
  const last = Math.max(0, ...made.items.map((i: any) => i.priority));
  const items = [...made.items.map(({ channel_id, model, priority }: any) => ({ channel_id, model, priority })), { channel_id: channel.body.id, model: "up", priority: last + 1 }];
  expect((await api("/api/v1/group/update", { id: made.id, items })).status).toBe(200);
  return channel.body.id as number;
}

describe("embeddings and count_tokens go through the attempt loop", () => {
  test("a key past its budget is refused on embeddings and count_tokens in each client's format; one in flight holds the rest (429)", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let arrived!: () => void;
    const inFlight = new Promise<void>((resolve) => (arrived = resolve));
    await addRawUpstream(stage, "budgeted", "openai-chat", async () => {
      arrived();
      await held;
      return vector(6);
    });
    // 6 tokens at $1000 per million: $0.006, past the key's $0.005 once spent.
    await stage.octopus.api("POST", "/api/v1/model/update", { token: stage.token, body: { name: "up", input: 1000, output: 0, cache_read: 0, cache_write: 0 } });
    const { key } = (await stage.octopus.api("POST", "/api/v1/apikey/create", { token: stage.token, body: { name: "small-budget", max_cost: 0.005 } })).body;
    const embed = () => postJson("/v1/embeddings", key, { model: "budgeted", input: "hello world" });

    const first = embed();
    await inFlight;
    const second = await embed();
    expect(second.status).toBe(429);
    expect((await second.json()).error).toMatchObject({ type: "rate_limit_error", message: expect.stringContaining("budget") });
    release();
    expect((await first).status).toBe(200);

    const spent = await embed();
    expect(spent.status).toBe(403);
    expect((await spent.json()).error).toMatchObject({ type: "permission_error", message: expect.stringContaining("used its budget") });
    const counted = await postJson("/v1/messages/count_tokens", key, { model: "budgeted", messages: [{ role: "user", content: "hi" }] }, { "anthropic-version": "2023-06-01" });
    expect(counted.status).toBe(403);
    expect(await counted.json()).toMatchObject({ type: "error", error: { type: "permission_error", message: expect.stringContaining("used its budget") } });
  });

  test("a failing embeddings channel fails over to the next and is reported to the routing health", async () => {
    const failing = await addRawUpstream(stage, "embed-failover", "openai-chat", () => Response.json({ error: { message: "boom", type: "server_error" } }, { status: 500 }));
    const list = async () => (await stage.octopus.api("GET", "/api/v1/channel/health", { token: stage.token })).body;
    const failingId = (await list()).find((c: any) => c.name === "embed-failover").channel_id;
    await addToGroup("embed-failover", "openai-chat", () => vector(3));
    const openai = new OpenAI({ baseURL: `${stage.octopus.url}/v1`, apiKey: stage.key, maxRetries: 0 });
    const result = await openai.embeddings.create({ model: "embed-failover", input: "x", encoding_format: "float" });
    expect(result.data[0].embedding).toEqual([0.5]);
    expect(stage.outcomes.at(-1)!.attempts.map((a) => a.status)).toEqual([500, 200]);
    const health = (await list()).find((c: any) => c.channel_id === failingId);
    expect(health.circuits).toEqual([expect.objectContaining({ failures: 1, last_error: "boom" })]);
    failing.stop(true);
  });

  test("embeddings are logged and counted in the stats with their tokens and cost", async () => {
    await addRawUpstream(stage, "embed-counted", "openai-chat", () => vector(40));
    await stage.octopus.api("POST", "/api/v1/model/update", { token: stage.token, body: { name: "up", input: 1000, output: 0, cache_read: 0, cache_write: 0 } });
    const api = (path: string) => stage.octopus.api("GET", path, { token: stage.token }).then((r) => r.body);
    const channelId = (await api("/api/v1/channel/list")).find((c: any) => c.name === "embed-counted").id;
    const ofChannel = async () => (await api("/api/v1/stats/channel")).find((r: any) => r.key === String(channelId));
    expect(await ofChannel()).toBeUndefined();
    expect((await postJson("/v1/embeddings", stage.key, { model: "embed-counted", input: "hello" })).status).toBe(200);
    expect(await ofChannel()).toMatchObject({ requests: 1, success: 1, input_tokens: 40, output_tokens: 0, cost: 0.04 });
    await stage.octopus.octopus.accounting.logs.flush();
    const { items } = await api("/api/v1/log/list?model=embed-counted");
    expect(items).toEqual([expect.objectContaining({ model: "embed-counted", actual_model: "up", status: 200, input_tokens: 40, cost: 0.04 })]);
    // Its try is in the row like a chat request's.
    expect((await api(`/api/v1/log/${items[0].id}`)).attempts).toEqual([expect.objectContaining({ channel_id: channelId, status: 200 })]);
  });

  test("embeddings keep to the group's first_byte_timeout: a silent channel is left for the next", async () => {
    const silent = await addRawUpstream(stage, "embed-slow", "openai-chat", () => new Promise<Response>(() => {}), {}, { first_byte_timeout: 1 });
    await addToGroup("embed-slow", "openai-chat", () => vector(2));
    const started = clock.now();
    const response = await postJson("/v1/embeddings", stage.key, { model: "embed-slow", input: "x" });
    expect(response.status).toBe(200);
    expect(stage.outcomes.at(-1)!.attempts).toEqual([
      expect.objectContaining({ status: 504, error: "upstream did not answer within 1s" }),
      expect.objectContaining({ status: 200 }),
    ]);
    expect(clock.now() - started).toBeGreaterThanOrEqual(1000);
    silent.stop(true);
  });
  test("embeddings and count_tokens keep to relay_deadline across their attempts", async () => {
    const never = () => new Promise<Response>(() => {});
    const silent = [await addRawUpstream(stage, "embed-stuck", "openai-chat", never), await addRawUpstream(stage, "count-stuck", "anthropic", never)];
    const setting = (value: number) => stage.octopus.api("POST", "/api/v1/setting/set", { token: stage.token, body: { key: "relay_deadline", value } });
    await setting(5);
    try {
      // The group's first_byte_timeout (60 s by default) is cut to what is left of the 5 s deadline.
      const started = clock.now();
      const embedded = await postJson("/v1/embeddings", stage.key, { model: "embed-stuck", input: "x" });
      expect(embedded.status).toBe(504);
      expect((await embedded.json()).error.message).toBe("upstream did not answer within 5s");
      expect(clock.now() - started).toBeGreaterThanOrEqual(5000);
      expect(clock.now() - started).toBeLessThan(60_000);
      // count_tokens falls back to its estimate once its channel ran out of time.
      const counted = await postJson("/v1/messages/count_tokens", stage.key, { model: "count-stuck", messages: [{ role: "user", content: "hi" }] });
      expect(counted.status).toBe(200);
      expect((await counted.json()).input_tokens).toBeGreaterThan(0);
      expect(stage.outcomes.at(-1)!.attempts).toEqual([expect.objectContaining({ status: 504 })]);
    } finally {
      await setting(300);
      for (const server of silent) server.stop(true);
    }
  });
});

describe("count_tokens", () => {
  test("estimated for a group without an Anthropic channel, through the official SDK", async () => {
    const anthropic = new Anthropic({ baseURL: stage.octopus.url, apiKey: stage.key });
    const short = await anthropic.messages.countTokens({ model: groupFor("gemini"), messages: [{ role: "user", content: "hi" }] });
    const long = await anthropic.messages.countTokens({ model: groupFor("gemini"), system: "x".repeat(4000), messages: [{ role: "user", content: "hi" }] });
    expect(short.input_tokens).toBeGreaterThan(0);
    expect(long.input_tokens - short.input_tokens).toBe(1000);
  });

  test("asked of the Anthropic channel when the group has one", async () => {
    let seen: any;
    await addRawUpstream(stage, "counter", "anthropic", async (request) => {
      seen = { path: new URL(request.url).pathname, body: await request.json() };
      return Response.json({ input_tokens: 4242 });
    });
    const anthropic = new Anthropic({ baseURL: stage.octopus.url, apiKey: stage.key });
    const counted = await anthropic.messages.countTokens({ model: "counter", messages: [{ role: "user", content: "hi" }] });
    expect(counted.input_tokens).toBe(4242);
    expect(seen).toEqual({ path: "/v1/messages/count_tokens", body: { model: "up", messages: [{ role: "user", content: "hi" }] } });
  });
});
