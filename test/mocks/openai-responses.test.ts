/**
 * The mock is faithful enough for the official `openai` SDK (real HTTP on 127.0.0.1), and its raw
 * SSE decodes through the adapter into the SCENARIO.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import OpenAI from "openai";
import { openaiResponsesAdapter as adapter } from "../../src/protocols/openai-responses";
import type { IRRequest, IRStreamEvent } from "../../src/protocols/ir";
import { createOpenaiResponsesMock } from "./openai-responses";
import { openaiResponsesTarget } from "../../src/channels/openai-responses";
import { callTo } from "../../src/channels/target";
import { decodeSSE, serveLocally } from "./plumbing";
import { SCENARIO } from "./scenario";

const KEY = "sk-mock-0123456789abcdef";
const mock = createOpenaiResponsesMock({ apiKey: KEY, models: ["gpt-5", "gpt-4.1-mini"] });
let server: ReturnType<typeof serveLocally>;
let base: string;
let client: OpenAI;

beforeAll(() => {
  server = serveLocally(mock.fetch);
  base = `${server.origin}/v1`;
  client = new OpenAI({ apiKey: KEY, baseURL: base, maxRetries: 0 });
});
afterAll(() => server.stop());

const weatherTool = {
  type: "function" as const,
  name: SCENARIO.toolCall.name,
  description: "Current weather",
  parameters: { type: "object", properties: { city: { type: "string" }, unit: { type: "string" } }, required: ["city", "unit"], additionalProperties: false },
  strict: true,
};

const scenarioUsage = {
  input_tokens: SCENARIO.usage.inputTokens,
  input_tokens_details: { cache_write_tokens: SCENARIO.usage.cacheWriteTokens, cached_tokens: SCENARIO.usage.cacheReadTokens },
  output_tokens: SCENARIO.usage.outputTokens,
  output_tokens_details: { reasoning_tokens: SCENARIO.usage.reasoningTokens },
  total_tokens: SCENARIO.usage.inputTokens + SCENARIO.usage.outputTokens,
};

describe("the openai SDK against the mock", () => {
  test("non-stream text, with the SDK's Bearer auth recorded", async () => {
    const response = await client.responses.create({ model: "gpt-5", input: "Say hello." });
    expect(response.status).toBe("completed");
    expect(response.output_text).toBe(SCENARIO.text);
    expect(response.usage).toEqual(scenarioUsage);
    const call = mock.calls.at(-1)!;
    expect([call.method, call.path, call.headers.authorization]).toEqual(["POST", "/v1/responses", `Bearer ${KEY}`]);
  });

  test("streamed text arrives in several deltas and the SDK assembles the final response", async () => {
    const stream = client.responses.stream({ model: "gpt-5", input: "Say hello." });
    const deltas: string[] = [];
    const types: string[] = [];
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === "response.output_text.delta") deltas.push(event.delta);
    }
    const final = await stream.finalResponse();
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join("")).toBe(SCENARIO.text);
    expect(final.output_text).toBe(SCENARIO.text);
    expect([types[0], types[1], types.at(-1)]).toEqual(["response.created", "response.in_progress", "response.completed"]);
  });

  test("a tool call, streamed: arguments in pieces that the SDK accumulates", async () => {
    const stream = client.responses.stream({ model: "gpt-5", input: "Weather in Paris?", tools: [weatherTool] });
    let pieces = 0;
    for await (const event of stream) if (event.type === "response.function_call_arguments.delta") pieces++;
    const call = (await stream.finalResponse()).output[0];
    expect(pieces).toBeGreaterThan(1);
    expect(call.type).toBe("function_call");
    if (call.type !== "function_call") return;
    expect(call.name).toBe(SCENARIO.toolCall.name);
    expect(JSON.parse(call.arguments)).toEqual(SCENARIO.toolCall.arguments);
  });

  test("after a tool result the answer is the after-tool text", async () => {
    const response = await client.responses.create({
      model: "gpt-5",
      tools: [weatherTool],
      input: [
        { role: "user", content: "Weather in Paris?" },
        { type: "function_call", call_id: "call_1", name: SCENARIO.toolCall.name, arguments: JSON.stringify(SCENARIO.toolCall.arguments) },
        { type: "function_call_output", call_id: "call_1", output: "18°C, sunny" },
      ],
    });
    expect(response.output_text).toBe(SCENARIO.afterTool);
  });

  test("reasoning comes first, with a summary and encrypted content when asked for", async () => {
    const response = await client.responses.create({
      model: "gpt-5",
      input: "Think, then say hello.",
      reasoning: { effort: "low", summary: "auto" },
      include: ["reasoning.encrypted_content"],
      store: false,
    });
    const [reasoning, message] = response.output;
    expect(reasoning.type).toBe("reasoning");
    if (reasoning.type !== "reasoning") return;
    expect(reasoning.summary).toEqual([{ type: "summary_text", text: SCENARIO.thinking }]);
    expect(reasoning.encrypted_content).toBeString();
    expect(message.type).toBe("message");
  });

  test("faults: a 429 with retry-after, a wrong key, a 502 HTML page", async () => {
    mock.fault({ kind: "status", status: 429, retryAfter: 7 });
    const limited = await client.responses.create({ model: "gpt-5", input: "x" }).catch((e) => e);
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect([limited.status, limited.code, limited.headers.get("retry-after")]).toEqual([429, "rate_limit_exceeded", "7"]);

    const wrong = new OpenAI({ apiKey: "sk-wrong-key-000000", baseURL: base, maxRetries: 0 });
    const denied = await wrong.responses.create({ model: "gpt-5", input: "x" }).catch((e) => e);
    expect(denied).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(denied.code).toBe("invalid_api_key");

    mock.fault({ kind: "status", status: 502 });
    const gateway = await client.responses.create({ model: "gpt-5", input: "x" }).catch((e) => e);
    expect(gateway).toBeInstanceOf(OpenAI.InternalServerError);
    expect(gateway.status).toBe(502);
  });

  test("models list in OpenAI's one-page shape", async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toEqual(["gpt-5", "gpt-4.1-mini"]);
    expect((await client.models.retrieve("gpt-5")).object).toBe("model");
  });
});

/** Posts a body to the mock and runs its raw SSE through the adapter's stream decoder. */
async function decodeRaw(body: unknown): Promise<IRStreamEvent[]> {
  const target = callTo(openaiResponsesTarget, base, "gpt-5", true, KEY);
  const response = await fetch(target.url, { method: "POST", headers: target.headers, body: JSON.stringify(body) });
  expect(response.headers.get("content-type")).toStartWith("text/event-stream");
  return decodeSSE(response, adapter.streamDecoder());
}

const deltaText = (events: IRStreamEvent[], type: "text" | "thinking") =>
  events.map((e) => (e.type === "block_delta" && e.delta.type === type ? e.delta.text : "")).join("");

const irRequest = (request: Partial<IRRequest>): IRRequest => ({
  model: "gpt-5",
  stream: true,
  messages: [{ role: "user", parts: [{ type: "text", text: "hi" }] }],
  ...request,
});

describe("the mock's raw SSE through the adapter", () => {
  test("text: the SCENARIO text, a stop finish and the SCENARIO usage", async () => {
    const events = await decodeRaw(adapter.encodeRequest(irRequest({})));
    expect(events[0].type).toBe("start");
    expect(deltaText(events, "text")).toBe(SCENARIO.text);
    expect(events.at(-1)).toEqual({ type: "finish", reason: "stop", usage: SCENARIO.usage });
  });

  test("tool call: arguments reassemble and the finish is tool_calls", async () => {
    const tools = [{ name: SCENARIO.toolCall.name, parameters: weatherTool.parameters }];
    const events = await decodeRaw(adapter.encodeRequest(irRequest({ tools })));
    const start = events.find((e) => e.type === "block_start");
    expect(start).toMatchObject({ block: { type: "tool_call", name: SCENARIO.toolCall.name } });
    const json = events.map((e) => (e.type === "block_delta" && e.delta.type === "arguments" ? e.delta.json : "")).join("");
    expect(JSON.parse(json)).toEqual(SCENARIO.toolCall.arguments);
    expect(events.at(-1)).toMatchObject({ type: "finish", reason: "tool_calls" });
  });

  test("reasoning requested by the encoder: thinking first, signed by openai-responses", async () => {
    const events = await decodeRaw(adapter.encodeRequest(irRequest({ reasoning: { effort: "low" } })));
    expect(events[1]).toEqual({ type: "block_start", index: 0, block: { type: "thinking" } });
    expect(deltaText(events, "thinking")).toBe(SCENARIO.thinking);
    expect(events.some((e) => e.type === "block_delta" && e.delta.type === "signature" && e.delta.signature.format === "openai-responses")).toBe(true);
    expect(deltaText(events, "text")).toBe(SCENARIO.text);
  });

  test("a connection reset mid-stream ends in an IR error", async () => {
    mock.fault({ kind: "reset_mid_stream" });
    const events = await decodeRaw(adapter.encodeRequest(irRequest({})));
    expect(deltaText(events, "text").length).toBeGreaterThan(0);
    expect(events.at(-1)).toMatchObject({ type: "error", error: { kind: "server_error" } });
  });

  test("an in-band error as the first event is an IR error", async () => {
    mock.fault({ kind: "stream_error_first" });
    const events = await decodeRaw(adapter.encodeRequest(irRequest({})));
    expect(events).toEqual([
      { type: "error", error: { status: 500, kind: "server_error", message: "The server had an error while processing your request. Sorry about that!" } },
    ]);
  });

  test("a slow first byte is slow", async () => {
    mock.fault({ kind: "slow_first_byte", ms: 150 });
    const began = performance.now();
    const events = await decodeRaw(adapter.encodeRequest(irRequest({})));
    expect(performance.now() - began).toBeGreaterThanOrEqual(140);
    expect(events.at(-1)).toMatchObject({ type: "finish" });
  });
});
