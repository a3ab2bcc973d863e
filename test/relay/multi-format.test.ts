/**
 * A channel that serves one account in two formats (an OpenAI-chat channel with an Anthropic base
 * URL too, as DeepSeek, Kimi or GLM offer): each client goes through to the endpoint of its own
 * format untouched; a client of a format the channel lacks is converted to the channel type's.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Format } from "../../src/protocols/ir";
import { SCENARIO, type MockUpstream } from "../mocks/scenario";
import { clientDriver } from "./clients";
import { MOCKS, post, startStage, UPSTREAM_KEY, type Stage } from "./harness";

let stage: Stage;
/** The two endpoints of the channel: a mock of each format, with the bytes each answered. */
const endpoints = {} as Record<"openai-chat" | "anthropic", { mock: MockUpstream; url: string; answers: string[] }>;
const MODEL = "multi-v3";

beforeAll(async () => {
  stage = await startStage();
  for (const format of ["openai-chat", "anthropic"] as const) {
    const mock = MOCKS[format]({ apiKey: UPSTREAM_KEY });
    const answers: string[] = [];
    const server = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      async fetch(request) {
        const response = await mock.fetch(request);
        const text = await response.text();
        answers.push(text);
        return new Response(text, { status: response.status, headers: response.headers });
      },
    });
    stage.servers.push(server);
    endpoints[format] = { mock, url: `http://127.0.0.1:${server.port}/v1`, answers };
  }
  const channel = await stage.octopus.api("POST", "/api/v1/channel/create", {
    token: stage.token,
    body: {
      name: "two-formats",
      type: "openai-chat",
      base_urls: [{ url: endpoints["openai-chat"].url }, { url: endpoints.anthropic.url, format: "anthropic" }],
      keys: [{ key: UPSTREAM_KEY }],
      models: [MODEL],
    },
  });
  expect(channel.status).toBe(200);
  const group = await stage.octopus.api("POST", "/api/v1/group/create", {
    token: stage.token,
    body: { name: "multi", mode: "failover", items: [{ channel_id: channel.body.id, model: MODEL }] },
  });
  expect(group.status).toBe(200);
});
afterAll(() => stage.close());

/** How many calls each endpoint received while `run` ran. */
async function hits(run: () => Promise<unknown>) {
  const before = { openai: endpoints["openai-chat"].mock.calls.length, anthropic: endpoints.anthropic.mock.calls.length };
  await run();
  return { openai: endpoints["openai-chat"].mock.calls.length - before.openai, anthropic: endpoints.anthropic.mock.calls.length - before.anthropic };
}

describe("a channel with an OpenAI and an Anthropic base URL", () => {
  for (const stream of [false, true])
    test(`each official SDK reaches the endpoint of its own format (${stream ? "streamed" : "whole"}), and Responses is converted to the type's`, async () => {
      const turns: Partial<Record<Format, unknown>> = {};
      const drive = (format: Format) => async () => (turns[format] = await clientDriver(format, stage.octopus.url, stage.key).toolRoundTrip("multi", stream));
      expect(await hits(drive("anthropic"))).toEqual({ openai: 0, anthropic: 2 });
      expect(await hits(drive("openai-chat"))).toEqual({ openai: 2, anthropic: 0 });
      expect(await hits(drive("openai-responses"))).toEqual({ openai: 2, anthropic: 0 });
      for (const format of ["anthropic", "openai-chat", "openai-responses"] as const)
        expect(turns[format]).toMatchObject([{ toolCall: { name: SCENARIO.toolCall.name, args: SCENARIO.toolCall.arguments } }, { text: SCENARIO.afterTool }]);
      // The Responses client's request arrived in the chat format, the channel type's.
      const converted = endpoints["openai-chat"].mock.calls.at(-1)!;
      expect(converted.path).toBe("/v1/chat/completions");
      expect(converted.body).toMatchObject({ model: MODEL, messages: expect.any(Array) });
      expect(converted.body.input).toBeUndefined();
    });

  test("an Anthropic client passes through to the Anthropic URL: its body in, the upstream's bytes out", async () => {
    const body = { model: "multi", stream: true, max_tokens: 64, messages: [{ role: "user", content: "hi" }], vendor_extra: { keep: true } };
    const { anthropic } = endpoints;
    const response = await post(stage, "anthropic", "multi", true, body, { "anthropic-version": "2023-06-01", "anthropic-beta": "context-1m-2025-08-07" });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(anthropic.answers.at(-1)!);
    const call = anthropic.mock.calls.at(-1)!;
    expect(call.path).toBe("/v1/messages");
    expect(call.body).toEqual({ ...body, model: MODEL });
    expect(call.headers["anthropic-beta"]).toBe("context-1m-2025-08-07");
    expect(call.headers["x-api-key"]).toBe(UPSTREAM_KEY);
  });

  test("an OpenAI client passes through to the OpenAI URL: its body in, the upstream's bytes out", async () => {
    const body = { model: "multi", messages: [{ role: "user", content: "hi" }], vendor_extra: { keep: true } };
    const openai = endpoints["openai-chat"];
    const response = await post(stage, "openai-chat", "multi", false, body);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(openai.answers.at(-1)!);
    const call = openai.mock.calls.at(-1)!;
    expect(call.path).toBe("/v1/chat/completions");
    expect(call.body).toEqual({ ...body, model: MODEL });
    expect(call.headers.authorization).toBe(`Bearer ${UPSTREAM_KEY}`);
  });

  test("health lists each endpoint with its format", async () => {
    const health = await stage.octopus.api("GET", "/api/v1/channel/health", { token: stage.token });
    const channel = health.body.find((c: { name: string }) => c.name === "two-formats");
    expect(channel.endpoints.map((e: { url: string; format: string }) => [e.url, e.format])).toEqual([
      [endpoints["openai-chat"].url, "openai-chat"],
      [endpoints.anthropic.url, "anthropic"],
    ]);
  });
});

describe("a channel's base URL formats are checked when saved", () => {
  const create = (type: string, base_urls: unknown[]) =>
    stage.octopus.api("POST", "/api/v1/channel/create", { token: stage.token, body: { name: `bad-${Math.random()}`, type, base_urls, keys: [{ key: "k" }], models: [] } });

  test("an unknown format, no URL of the type's format or a repeated URL is refused with the field named", async () => {
    const unknown = await create("openai-chat", [{ url: "http://a.test/v1" }, { url: "http://b.test/v1", format: "claude" }]);
    expect(unknown).toMatchObject({ status: 400, body: { error: { message: expect.stringContaining("base_urls[1].format must be one of openai-chat, openai-responses, anthropic, gemini") } } });
    const none = await create("anthropic", [{ url: "http://a.test/v1", format: "openai-chat" }]);
    expect(none).toMatchObject({ status: 400, body: { error: { message: expect.stringContaining("at least one URL of the channel type's format (anthropic)") } } });
    const twice = await create("openai-chat", [{ url: "http://a.test/v1" }, { url: "http://a.test/v1", format: "openai-chat" }]);
    expect(twice).toMatchObject({ status: 400, body: { error: { message: "base_urls[1] repeats an earlier URL of the same format" } } });
    // One URL in two formats is fine: OpenRouter serves both under one base URL.
    const shared = await create("openai-chat", [{ url: "http://a.test/v1" }, { url: "http://a.test/v1", format: "anthropic" }]);
    expect(shared.status).toBe(200);
  });

  test("an update changing only the type is checked against the stored base URLs", async () => {
    const made = await create("openai-chat", [{ url: "http://a.test/v1", format: "openai-chat" }, { url: "http://b.test/v1", format: "anthropic" }]);
    const changed = await stage.octopus.api("POST", "/api/v1/channel/update", { token: stage.token, body: { id: made.body.id, type: "gemini" } });
    expect(changed).toMatchObject({ status: 400, body: { error: { message: expect.stringContaining("(gemini)") } } });
    const swapped = await stage.octopus.api("POST", "/api/v1/channel/update", { token: stage.token, body: { id: made.body.id, type: "anthropic" } });
    expect(swapped.status).toBe(200);
    expect(swapped.body.base_urls).toEqual([{ url: "http://a.test/v1", format: "openai-chat" }, { url: "http://b.test/v1", format: "anthropic" }]);
  });
});
