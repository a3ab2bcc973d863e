/** Model sync through the admin API: real HTTP on loopback from Octopus to the provider mocks. */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createAnthropicMock } from "../mocks/anthropic";
import { createGeminiMock } from "../mocks/gemini";
import { createOpenaiChatMock } from "../mocks/openai-chat";
import { serveLocally } from "../mocks/plumbing";
import type { MockUpstream } from "../mocks/scenario";
import { startTestOctopus, type TestOctopus } from "../octopus";

const KEY = "sk-provider-secret-key-0123456789";
const WRONG_KEY = "sk-provider-wrong-key-9876543210";

let o: TestOctopus;
let token: string;
const servers: { stop(): void }[] = [];

beforeAll(async () => {
  o = await startTestOctopus();
  token = await o.login();
});
afterAll(async () => {
  await o.close();
  servers.forEach((s) => s.stop());
});

function serve(mock: MockUpstream) {
  const server = serveLocally(mock.fetch);
  servers.push(server);
  return server.origin;
}

const api = (method: string, path: string, body?: unknown) => o.api(method, `/api/v1${path}`, { token, body });

async function createChannel(name: string, type: string, baseUrl: string, over: Record<string, unknown> = {}): Promise<number> {
  const { status, body } = await api("POST", "/channel/create", {
    name,
    type,
    base_urls: [{ url: baseUrl }],
    keys: [{ key: KEY }],
    models: ["old-model"],
    ...over,
  });
  if (status !== 200) throw new Error(`channel: ${JSON.stringify(body)}`);
  return body.id;
}

const channel = async (id: number) => (await api("GET", "/channel/list")).body.find((c: { id: number }) => c.id === id);

describe("POST /api/v1/channel/sync", () => {
  test("pages through the provider's list, filters it by model_filter, stores and reloads it", async () => {
    const listed = Array.from({ length: 2500 }, (_, i) => `claude-mock-${String(i).padStart(4, "0")}`);
    const mock = createAnthropicMock({ apiKey: KEY, models: listed });
    const id = await createChannel("anthropic-paged", "anthropic", `${serve(mock)}/v1`, { model_filter: "-2[0-4]\\d\\d$" });

    const { status, body } = await api("POST", "/channel/sync", { id });
    const expected = listed.slice(2000);
    expect(status).toBe(200);
    expect(body).toEqual({ models: expected, added: expected, removed: ["old-model"], orphaned_items: [] });
    expect(mock.calls).toHaveLength(3);
    expect((await channel(id)).models).toEqual(expected);
    expect(o.octopus.state.channels.get(id)!.models).toEqual(expected);
    // Every model a channel names gets a visible price row.
    const prices = (await api("GET", "/model/list")).body as { name: string }[];
    expect(prices.some((p) => p.name === "claude-mock-2400")).toBe(true);

    const again = await api("POST", "/channel/sync", { id });
    expect(again.body).toEqual({ models: expected, added: [], removed: [], orphaned_items: [] });
  });

  test("a refused key: the next enabled key is tried", async () => {
    const mock = createOpenaiChatMock({ apiKey: KEY, models: ["gpt-4o", "gpt-4o-mini"] });
    const id = await createChannel("two-keys", "openai-chat", `${serve(mock)}/v1`, {
      keys: [{ key: WRONG_KEY }, { key: "sk-disabled-key-000000000", enabled: false }, { key: KEY }],
    });
    const { status, body } = await api("POST", "/channel/sync", { id });
    expect(status).toBe(200);
    expect(body.models).toEqual(["gpt-4o", "gpt-4o-mini"]);
    expect(mock.calls.map((c) => c.headers.authorization)).toEqual([`Bearer ${WRONG_KEY}`, `Bearer ${KEY}`]);
  });

  test("every key refused: 502 with the provider's reason, no key in it, the models kept", async () => {
    const base = `${serve(createOpenaiChatMock({ apiKey: KEY }))}/v1`;
    const id = await createChannel("all-refused", "openai-chat", base, { keys: [{ key: WRONG_KEY }, { key: `${WRONG_KEY}-2` }] });
    const { status, body } = await api("POST", "/channel/sync", { id });
    expect(status).toBe(502);
    expect(body.error.message).toStartWith(`all 2 enabled keys were refused; the last: GET ${base}/models answered HTTP 401: Incorrect API key provided`);
    expect(body.error.message).not.toContain(WRONG_KEY);
    expect((await channel(id)).models).toEqual(["old-model"]);
  });

  test("an unreachable base URL: 502 naming where, the models kept", async () => {
    const closed = serveLocally(async () => new Response());
    closed.stop();
    const id = await createChannel("unreachable", "openai-chat", `${closed.origin}/v1`);
    const { status, body } = await api("POST", "/channel/sync", { id });
    expect(status).toBe(502);
    expect(body.error.message).toMatch(new RegExp(`^GET ${closed.origin}/v1/models failed: network error`));
    expect((await channel(id)).models).toEqual(["old-model"]);
  });

  test("group items naming a model no longer listed are reported and kept", async () => {
    const id = await createChannel("gemini-orphans", "gemini", serve(createGeminiMock({ apiKey: KEY })), {
      models: ["gemini-2.5-flash", "gemini-1.5-pro"],
    });
    const items = [
      { channel_id: id, model: "gemini-1.5-pro" },
      { channel_id: id, model: "gemini-2.5-flash" },
    ];
    const group = await api("POST", "/group/create", { name: "smart", mode: "failover", items });
    expect(group.status).toBe(200);

    const { status, body } = await api("POST", "/channel/sync", { id });
    expect(status).toBe(200);
    expect(body).toEqual({
      models: ["gemini-2.5-flash", "gemini-2.5-pro"],
      added: ["gemini-2.5-pro"],
      removed: ["gemini-1.5-pro"],
      orphaned_items: [{ group: "smart", model: "gemini-1.5-pro" }],
    });
    const groups = (await api("GET", "/group/list")).body as { name: string; items: { model: string }[] }[];
    expect(groups.find((g) => g.name === "smart")!.items.map((i) => i.model)).toEqual(["gemini-1.5-pro", "gemini-2.5-flash"]);
  });

  test("an unknown channel is 404; an antigravity channel whose project cannot be asked is the provider failing (502)", async () => {
    expect(await api("POST", "/channel/sync", { id: 987654 })).toMatchObject({ status: 404, body: { error: { message: "channel 987654 not found" } } });
    // A key that is no refresh token is sent as an access token: loadCodeAssist comes first.
    const id = await createChannel("antigravity", "antigravity", "http://127.0.0.1:9");
    expect(await api("POST", "/channel/sync", { id })).toMatchObject({
      status: 502,
      body: { error: { message: "loadCodeAssist failed: network error (ECONNREFUSED)" } },
    });
  });

  test.each([
    [{}, "body.id"],
    [{ id: "seven" }, "body.id"],
    [{ id: 1.5 }, "body.id"],
    [{ id: 0 }, "body.id"],
  ])("a bad body %p is 400 naming %p", async (body, field) => {
    const { status, body: answer } = await api("POST", "/channel/sync", body);
    expect(status).toBe(400);
    expect(answer.error.message).toStartWith(`${field}:`);
  });
});

describe("POST /api/v1/channel/fetch-models", () => {
  test("lists and filters for a channel being created, storing nothing", async () => {
    const origin = serve(createGeminiMock({ apiKey: KEY, models: ["gemini-2.5-flash", "gemini-2.5-pro", "text-embedding-004"] }));
    const before = (await api("GET", "/channel/list")).body.length;
    const all = await api("POST", "/channel/fetch-models", { type: "gemini", base_url: origin, key: KEY });
    expect(all).toMatchObject({ status: 200, body: { models: ["gemini-2.5-flash", "gemini-2.5-pro"] } });
    const filtered = await api("POST", "/channel/fetch-models", { type: "gemini", base_url: `${origin}/v1beta`, key: KEY, model_filter: "pro$" });
    expect(filtered).toMatchObject({ status: 200, body: { models: ["gemini-2.5-pro"] } });
    expect((await api("GET", "/channel/list")).body.length).toBe(before);
  });

  test("channel_id instead of key: the channel's stored keys with the form's type and base URL, storing nothing", async () => {
    const stored = createOpenaiChatMock({ apiKey: KEY, models: ["gpt-stored"] });
    const edited = createOpenaiChatMock({ apiKey: KEY, models: ["gpt-4o", "gpt-4o-mini"] });
    const id = await createChannel("edit-listing", "openai-chat", `${serve(stored)}/v1`, {
      keys: [{ key: WRONG_KEY }, { key: "sk-disabled-key-000000000", enabled: false }, { key: KEY }],
    });
    const { status, body } = await api("POST", "/channel/fetch-models", { type: "openai-chat", base_url: `${serve(edited)}/v1`, channel_id: id, model_filter: "mini" });
    expect(status).toBe(200);
    expect(body).toEqual({ models: ["gpt-4o-mini"] });
    expect(stored.calls).toHaveLength(0);
    expect(edited.calls.map((c) => c.headers.authorization)).toEqual([`Bearer ${WRONG_KEY}`, `Bearer ${KEY}`]);
    expect((await channel(id)).models).toEqual(["old-model"]);
    // A key typed in the form wins over the stored ones.
    const typed = await api("POST", "/channel/fetch-models", { type: "openai-chat", base_url: `${serve(edited)}/v1`, channel_id: id, key: WRONG_KEY });
    expect(typed.status).toBe(502);
    expect(await api("POST", "/channel/fetch-models", { type: "openai-chat", base_url: "http://127.0.0.1:9/v1", channel_id: 987654 })).toMatchObject({
      status: 404,
      body: { error: { message: "channel 987654 not found" } },
    });
  });

  test("a refused key is 502 with the provider's reason and without the key", async () => {
    const origin = serve(createAnthropicMock({ apiKey: KEY }));
    const { status, body } = await api("POST", "/channel/fetch-models", { type: "anthropic", base_url: `${origin}/v1`, key: WRONG_KEY });
    expect(status).toBe(502);
    expect(body.error.message).toBe(`GET ${origin}/v1/models answered HTTP 401: invalid x-api-key`);
  });

  test.each([
    [{ base_url: "http://127.0.0.1:9/v1", key: KEY }, "body.type:"],
    [{ type: "openai-chat", key: KEY }, "body.base_url:"],
    [{ type: "openai-chat", base_url: "http://127.0.0.1:9/v1" }, "key is required, or channel_id"],
    [{ type: "openai-chat", base_url: "http://127.0.0.1:9/v1", key: "" }, "body.key:"],
    [{ type: "nope", base_url: "http://127.0.0.1:9/v1", key: KEY }, "type must be one of"],
    [{ type: "openai-chat", base_url: "ftp://127.0.0.1/v1", key: KEY }, "base_url must be an http(s) URL"],
    [{ type: "openai-chat", base_url: "http://127.0.0.1:9/v1", key: KEY, model_filter: "(" }, "model_filter is not a valid regular expression"],
    [{ type: "openai-chat", base_url: "http://127.0.0.1:9/v1", key: KEY, proxy_url: "nope" }, "proxy_url must be an http(s) or socks5 URL"],
  ])("a bad body %p is 400: %p", async (body, message) => {
    const { status, body: answer } = await api("POST", "/channel/fetch-models", body);
    expect(status).toBe(400);
    expect(answer.error.message).toStartWith(message);
  });
});
