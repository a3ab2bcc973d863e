/**
 * The Anthropic mock is faithful enough for the official SDK (over real HTTP on 127.0.0.1), and
 * its raw SSE decodes through the adapter to the scenario in IR arithmetic.
 */
import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { anthropicAdapter } from "../../src/protocols/anthropic";
import type { IRRequest } from "../../src/protocols/ir";
import { createAnthropicMock } from "./anthropic";
import { decodeSSE, serveLocally } from "./plumbing";
import { SCENARIO } from "./scenario";

const KEY = "sk-ant-mock-key";
const MODEL = "claude-sonnet-4-6";
const MODELS = ["claude-a", "claude-b", "claude-c", "claude-d", "claude-e"];
const WEATHER_TOOL = {
  name: "get_weather",
  description: "Weather in a city",
  input_schema: { type: "object" as const, properties: { city: { type: "string" } }, required: ["city"] },
};
const ASK = [{ role: "user" as const, content: "Weather in Paris?" }];
const AFTER_TOOL = [
  ...ASK,
  { role: "assistant" as const, content: [{ type: "tool_use" as const, id: "toolu_1", name: "get_weather", input: { city: "Paris" } }] },
  { role: "user" as const, content: [{ type: "tool_result" as const, tool_use_id: "toolu_1", content: "18°C, sunny" }] },
];
const ANTHROPIC_USAGE = { input_tokens: 17, cache_creation_input_tokens: 3, cache_read_input_tokens: 5, output_tokens: 9 };

const mock = createAnthropicMock({ apiKey: KEY, models: MODELS });
let server: ReturnType<typeof serveLocally>;
/** A one-route relay: the mock's stream, decoded to IR and encoded back by the adapter. */
let relay: ReturnType<typeof serveLocally>;
let client: Anthropic;

const decodeStream = (response: Response) => decodeSSE(response, anthropicAdapter.streamDecoder());

beforeAll(() => {
  server = serveLocally(mock.fetch);
  relay = serveLocally(async (request) => {
    const events = await decodeStream(await mock.fetch(request));
    const encoder = anthropicAdapter.streamEncoder();
    return new Response(events.map((e) => encoder.push(e)).join(""), { headers: { "content-type": "text/event-stream" } });
  });
  client = new Anthropic({ apiKey: KEY, baseURL: server.origin, maxRetries: 0 });
});
afterAll(() => {
  server.stop();
  relay.stop();
});

const rawRequest = (body: object, headers: Record<string, string> = {}) =>
  new Request("http://127.0.0.1/v1/messages", {
    method: "POST",
    headers: { "x-api-key": KEY, "anthropic-version": "2023-06-01", "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });

describe("the official SDK against the mock", () => {
  test("non-stream text, with usage in Anthropic's arithmetic", async () => {
    const message = await client.messages.create({ model: MODEL, max_tokens: 256, messages: ASK });
    expect(message.content).toEqual([{ type: "text", text: SCENARIO.text }] as any);
    expect(message.stop_reason).toBe("end_turn");
    expect(message.usage).toMatchObject(ANTHROPIC_USAGE);
    expect(message.id).toStartWith("msg_");
    const call = mock.calls.at(-1)!;
    expect(call).toMatchObject({ method: "POST", path: "/v1/messages", body: { model: MODEL, max_tokens: 256 } });
    expect(call.headers["anthropic-version"]).toBeTruthy();
  });

  test("streamed text arrives in several chunks and accumulates to the scenario", async () => {
    const chunks: string[] = [];
    const stream = client.messages.stream({ model: MODEL, max_tokens: 256, messages: ASK }).on("text", (t) => chunks.push(t));
    const message = await stream.finalMessage();
    expect(chunks.length).toBeGreaterThan(2);
    expect(chunks.join("")).toBe(SCENARIO.text);
    expect(message.usage).toMatchObject(ANTHROPIC_USAGE);
  });

  test("a streamed tool call: arguments in pieces, parsed by the SDK", async () => {
    const partials: string[] = [];
    const stream = client.messages
      .stream({ model: MODEL, max_tokens: 256, messages: ASK, tools: [WEATHER_TOOL] })
      .on("inputJson", (partial) => partials.push(partial));
    const message = await stream.finalMessage();
    expect(partials.filter((p) => p !== "").length).toBeGreaterThan(1);
    expect(message.stop_reason).toBe("tool_use");
    expect(message.content).toMatchObject([{ type: "tool_use", name: SCENARIO.toolCall.name, input: SCENARIO.toolCall.arguments }]);
  });

  test("after a tool result the mock answers with the after-tool text", async () => {
    const message = await client.messages.create({ model: MODEL, max_tokens: 256, messages: AFTER_TOOL, tools: [WEATHER_TOOL] });
    expect(message.content).toMatchObject([{ type: "text", text: SCENARIO.afterTool }]);
  });

  test("thinking comes first, signed, when the request enables it", async () => {
    const message = await client.messages
      .stream({ model: MODEL, max_tokens: 2048, thinking: { type: "enabled", budget_tokens: 1024 }, messages: ASK })
      .finalMessage();
    const [thinking, text] = message.content as any[];
    expect(thinking).toMatchObject({ type: "thinking", thinking: SCENARIO.thinking });
    expect(thinking.signature.length).toBeGreaterThan(0);
    expect(text).toEqual({ type: "text", text: SCENARIO.text });
  });

  test("the beta route (?beta=true, as Claude Code posts it) is served", async () => {
    const message = await client.beta.messages.create({ model: MODEL, max_tokens: 64, messages: ASK }, { query: { beta: "true" } });
    expect(message.content).toMatchObject([{ type: "text", text: SCENARIO.text }]);
    expect(mock.calls.at(-1)!.path).toBe("/v1/messages?beta=true");
  });

  test("models are listed page by page", async () => {
    const before = mock.calls.length;
    const ids: string[] = [];
    for await (const model of client.models.list({ limit: 2 })) ids.push(model.id);
    expect(ids).toEqual(MODELS);
    expect(mock.calls.slice(before).map((c) => c.path)).toEqual([
      "/v1/models?limit=2",
      "/v1/models?limit=2&after_id=claude-b",
      "/v1/models?limit=2&after_id=claude-d",
    ]);
    expect((await client.models.list({ limit: 1 })).data[0]).toEqual({
      type: "model",
      id: "claude-a",
      display_name: "Claude A",
      created_at: expect.any(String),
    } as any);
    const back = await client.models.list({ limit: 2, before_id: "claude-d" });
    expect(back.data.map((m) => m.id)).toEqual(["claude-b", "claude-c"]);
    expect(back.has_more).toBe(true);
  });

  test("a wrong key is Anthropic's 401", async () => {
    const wrong = new Anthropic({ apiKey: "sk-ant-wrong", baseURL: server.origin, maxRetries: 0 });
    const error = await wrong.messages.create({ model: MODEL, max_tokens: 8, messages: ASK }).catch((e) => e);
    expect(error).toBeInstanceOf(Anthropic.AuthenticationError);
    expect(error.type).toBe("authentication_error");
  });

  test("a queued 429 carries retry-after and rate_limit_error", async () => {
    mock.fault({ kind: "status", status: 429, retryAfter: 7 });
    const error = await client.messages.create({ model: MODEL, max_tokens: 8, messages: ASK }).catch((e) => e);
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    expect(error.headers.get("retry-after")).toBe("7");
    expect(error.type).toBe("rate_limit_error");
    expect(error.requestID).toStartWith("req_");
  });

  test("a queued 529 is overloaded_error", async () => {
    mock.fault({ kind: "status", status: 529 });
    const error = await client.messages.create({ model: MODEL, max_tokens: 8, messages: ASK }).catch((e) => e);
    expect(error).toBeInstanceOf(Anthropic.InternalServerError);
    expect(error.status).toBe(529);
    expect(error.type).toBe("overloaded_error");
  });

  test("an in-band error as the first stream event is thrown by the SDK", async () => {
    mock.fault({ kind: "stream_error_first" });
    const error = await client.messages.stream({ model: MODEL, max_tokens: 8, messages: ASK }).finalMessage().catch((e) => e);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect(error.type).toBe("overloaded_error");
  });

  test("the adapter's stream encoder satisfies the SDK's strict stream helper (mock → IR → wire)", async () => {
    const relayed = new Anthropic({ apiKey: KEY, baseURL: relay.origin, maxRetries: 0 });
    const message = await relayed.messages
      .stream({ model: MODEL, max_tokens: 2048, thinking: { type: "enabled", budget_tokens: 1024 }, messages: ASK, tools: [WEATHER_TOOL] })
      .finalMessage();
    expect(message.content).toMatchObject([
      { type: "thinking", thinking: SCENARIO.thinking },
      { type: "tool_use", name: SCENARIO.toolCall.name, input: SCENARIO.toolCall.arguments },
    ]);
    expect((message.content[0] as any).signature.length).toBeGreaterThan(0);
    expect(message.usage).toMatchObject(ANTHROPIC_USAGE);
  });
});

describe("the mock's wire directly", () => {
  test("auth and anthropic-version are required", async () => {
    const missingKey = await mock.fetch(rawRequest({}, { "x-api-key": "" }));
    expect(missingKey.status).toBe(401);
    const noVersion = await mock.fetch(rawRequest({ model: MODEL, max_tokens: 8, messages: ASK }, { "anthropic-version": "" }));
    expect(noVersion.status).toBe(400);
    expect(await noVersion.json()).toMatchObject({ type: "error", error: { type: "invalid_request_error" } });
  });

  test("the real API's thinking checks: max_tokens above the budget, no temperature", async () => {
    const thinking = { type: "enabled", budget_tokens: 2048 };
    const low = await mock.fetch(rawRequest({ model: MODEL, max_tokens: 1024, thinking, messages: ASK }));
    expect(low.status).toBe(400);
    const warm = await mock.fetch(rawRequest({ model: MODEL, max_tokens: 4096, thinking, temperature: 0.5, messages: ASK }));
    expect(warm.status).toBe(400);
    const unsignedToolTurn = await mock.fetch(rawRequest({ model: MODEL, max_tokens: 4096, thinking, messages: AFTER_TOOL }));
    expect(unsignedToolTurn.status).toBe(400);
  });

  test("requests the adapter encodes pass the real API's checks", async () => {
    const ask: IRRequest["messages"] = [{ role: "user", parts: [{ type: "text", text: "Weather in Paris?" }] }];
    const foreignToolTurn: IRRequest["messages"] = [
      ...ask,
      { role: "assistant", parts: [{ type: "tool_call", id: "call_abc", name: "get_weather", arguments: '{"city":"Paris"}' }] },
      { role: "user", parts: [{ type: "tool_result", callId: "call_abc", content: [{ type: "text", text: "18°C" }] }] },
    ];
    const tools = [{ name: "get_weather", parameters: WEATHER_TOOL.input_schema }];
    const requests: IRRequest[] = [
      { model: MODEL, stream: false, messages: ask },
      { model: MODEL, stream: false, messages: ask, maxTokens: 500, temperature: 1.4, reasoning: { effort: "medium" } },
      { model: MODEL, stream: false, messages: foreignToolTurn, tools, reasoning: { effort: "high" } },
      { model: MODEL, stream: false, messages: ask, tools, toolChoice: { type: "required" }, reasoning: { enabled: true } },
    ];
    for (const ir of requests) {
      const response = await mock.fetch(rawRequest(anthropicAdapter.encodeRequest(ir) as object));
      expect({ status: response.status, body: await response.json() }).toMatchObject({ status: 200, body: { type: "message" } });
    }
  });

  test("the raw stream is named SSE events and decodes to the scenario in IR arithmetic", async () => {
    const response = await mock.fetch(rawRequest({ model: MODEL, max_tokens: 256, stream: true, messages: ASK, tools: [WEATHER_TOOL] }));
    expect(response.headers.get("content-type")).toStartWith("text/event-stream");
    const events = await decodeStream(response);
    const args = events.flatMap((e) => (e.type === "block_delta" && e.delta.type === "arguments" ? [e.delta.json] : []));
    expect(args.length).toBeGreaterThan(1);
    expect(JSON.parse(args.join(""))).toEqual(SCENARIO.toolCall.arguments);
    expect(events.at(-1)).toEqual({ type: "finish", reason: "tool_calls", usage: SCENARIO.usage });
  });

  test("text and signed thinking decode through the adapter", async () => {
    const body = { model: MODEL, max_tokens: 4096, stream: true, thinking: { type: "enabled", budget_tokens: 1024 }, messages: ASK };
    const events = await decodeStream(await mock.fetch(rawRequest(body)));
    const deltas = (type: string) =>
      events.flatMap((e) => (e.type === "block_delta" && e.delta.type === type ? [e.delta] : [])) as any[];
    expect(deltas("thinking").map((d) => d.text).join("")).toBe(SCENARIO.thinking);
    expect(deltas("signature")).toHaveLength(1);
    expect(deltas("signature")[0].signature.format).toBe("anthropic");
    expect(deltas("text").map((d) => d.text).join("")).toBe(SCENARIO.text);
  });

  test("a connection reset mid-stream decodes to an IR error", async () => {
    mock.fault({ kind: "reset_mid_stream" });
    const events = await decodeStream(await mock.fetch(rawRequest({ model: MODEL, max_tokens: 256, stream: true, messages: ASK })));
    expect(events.some((e) => e.type === "block_delta")).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: "error", error: { status: 502, kind: "server_error" } });
  });

  test("a non-stream response decodes through the adapter with IR usage", async () => {
    const response = await mock.fetch(rawRequest({ model: MODEL, max_tokens: 256, messages: ASK }));
    const ir = anthropicAdapter.decodeResponse(await response.json());
    expect(ir.parts).toEqual([{ type: "text", text: SCENARIO.text }]);
    expect(ir.usage).toEqual(SCENARIO.usage);
  });

  test("slow_first_byte delays the answer", async () => {
    mock.fault({ kind: "slow_first_byte", ms: 60 });
    const started = performance.now();
    const response = await mock.fetch(rawRequest({ model: MODEL, max_tokens: 8, messages: ASK }));
    expect(performance.now() - started).toBeGreaterThanOrEqual(50);
    expect(response.status).toBe(200);
  });
});
