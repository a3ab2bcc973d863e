/**
 * Drives the OpenAI Chat mock with the official `openai` SDK over real HTTP on 127.0.0.1, then
 * feeds its raw SSE through the openai-chat adapter (request encoder, upstream target, stream decoder).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import OpenAI from "openai";
import { openaiChatAdapter as chat } from "../../src/protocols/openai-chat";
import type { IRRequest, IRStreamEvent } from "../../src/protocols/ir";
import { createOpenaiChatMock } from "./openai-chat";
import { openaiChatTarget } from "../../src/channels/openai-chat";
import { callTo } from "../../src/channels/target";
import { decodeSSE, serveLocally } from "./plumbing";
import { SCENARIO } from "./scenario";

const KEY = "sk-mock-0123456789";
const mock = createOpenaiChatMock({ apiKey: KEY, models: ["gpt-4o-mini", "o4-mini"] });
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
  function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } } } },
};
const ask = [{ role: "user" as const, content: "Weather in Paris?" }];

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("expected a rejection");
}

describe("the openai SDK accepts the mock", () => {
  test("non-stream text, with usage in OpenAI's arithmetic, authenticated by Bearer", async () => {
    const res = await client.chat.completions.create({ model: "gpt-4o-mini", messages: ask });
    expect(res.choices[0].message.content).toBe(SCENARIO.text);
    expect(res.choices[0].finish_reason).toBe("stop");
    expect(res.usage?.prompt_tokens).toBe(SCENARIO.usage.inputTokens);
    expect(res.usage?.prompt_tokens_details?.cached_tokens).toBe(SCENARIO.usage.cacheReadTokens);
    const call = mock.calls.at(-1)!;
    expect(call.path).toBe("/v1/chat/completions");
    expect(call.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(call.body.messages).toEqual(ask);
  });

  test("streamed text in several chunks, and the usage chunk only when include_usage asks for it", async () => {
    const read = async (includeUsage: boolean) => {
      const stream = await client.chat.completions.create({
        model: "gpt-4o-mini",
        messages: ask,
        stream: true,
        ...(includeUsage ? { stream_options: { include_usage: true } } : {}),
      });
      const chunks = [];
      for await (const c of stream) chunks.push(c);
      return chunks;
    };
    const withUsage = await read(true);
    expect(withUsage.map((c) => c.choices[0]?.delta.content ?? "").join("")).toBe(SCENARIO.text);
    expect(withUsage.filter((c) => c.choices[0]?.delta.content).length).toBeGreaterThan(1);
    expect(withUsage.at(-1)!.choices).toEqual([]);
    expect(withUsage.at(-1)!.usage?.total_tokens).toBe(SCENARIO.usage.inputTokens + SCENARIO.usage.outputTokens);
    const without = await read(false);
    expect(without.some((c) => c.usage)).toBe(false);
    expect(without.at(-1)!.choices[0].finish_reason).toBe("stop");
  });

  test("a streamed tool call assembles in the SDK's strict stream helper", async () => {
    const stream = client.chat.completions.stream({ model: "gpt-4o-mini", messages: ask, tools: [weatherTool] });
    const done = await stream.finalChatCompletion();
    const [call] = done.choices[0].message.tool_calls!;
    expect(call.type).toBe("function");
    if (call.type !== "function") return;
    expect(call.function.name).toBe(SCENARIO.toolCall.name);
    expect(JSON.parse(call.function.arguments)).toEqual(SCENARIO.toolCall.arguments);
    expect(done.choices[0].finish_reason).toBe("tool_calls");
  });

  test("non-stream tool call, then the after-tool answer once a tool result is sent", async () => {
    const first = await client.chat.completions.create({ model: "gpt-4o-mini", messages: ask, tools: [weatherTool] });
    const message = first.choices[0].message;
    expect(message.content).toBeNull();
    const call = message.tool_calls![0];
    const second = await client.chat.completions.create({
      model: "gpt-4o-mini",
      tools: [weatherTool],
      messages: [...ask, message, { role: "tool", tool_call_id: call.id, content: "18°C, sunny" }],
    });
    expect(second.choices[0].message.content).toBe(SCENARIO.afterTool);
  });

  test("a 429 fault carries OpenAI's body and retry-after", async () => {
    mock.fault({ kind: "status", status: 429, retryAfter: 7 });
    const err = await rejection(client.chat.completions.create({ model: "gpt-4o-mini", messages: ask }));
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    const e = err as InstanceType<typeof OpenAI.RateLimitError>;
    expect(e.code).toBe("rate_limit_exceeded");
    expect(e.headers?.get("retry-after")).toBe("7");
  });

  test("a wrong key gets OpenAI's 401", async () => {
    const wrong = new OpenAI({ apiKey: "sk-wrong-key-abcd", baseURL: base, maxRetries: 0 });
    const err = await rejection(wrong.chat.completions.create({ model: "gpt-4o-mini", messages: ask }));
    expect(err).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((err as InstanceType<typeof OpenAI.AuthenticationError>).code).toBe("invalid_api_key");
    expect((err as Error).message).toContain("Incorrect API key provided: sk-");
    expect((err as Error).message).not.toContain("sk-wrong-key-abcd");
  });

  test("an in-band error as the first stream event is thrown by the SDK", async () => {
    mock.fault({ kind: "stream_error_first" });
    const stream = await client.chat.completions.create({ model: "gpt-4o-mini", messages: ask, stream: true });
    const err = await rejection((async () => {
      for await (const _ of stream);
    })());
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect((err as Error).message).toContain("The server had an error");
  });

  test("models list and retrieve", async () => {
    const page = await client.models.list();
    expect(page.data.map((m) => m.id)).toEqual(["gpt-4o-mini", "o4-mini"]);
    expect((await client.models.retrieve("o4-mini")).owned_by).toBe("system");
    expect(await rejection(client.models.retrieve("nope"))).toBeInstanceOf(OpenAI.NotFoundError);
  });
});

describe("the adapter reads the mock's raw SSE", () => {
  async function roundTrip(ir: IRRequest): Promise<IRStreamEvent[]> {
    const target = callTo(openaiChatTarget, `${base}/`, ir.model, ir.stream, KEY);
    const res = await fetch(target.url, { method: "POST", headers: target.headers, body: JSON.stringify(chat.encodeRequest(ir)) });
    expect(res.headers.get("content-type")).toStartWith("text/event-stream");
    return decodeSSE(res, chat.streamDecoder());
  }

  const request = (over: Partial<IRRequest> = {}): IRRequest => ({
    model: "gpt-4o-mini",
    stream: true,
    messages: [{ role: "user", parts: [{ type: "text", text: "Weather in Paris?" }] }],
    ...over,
  });
  const deltaText = (events: IRStreamEvent[], type: "text" | "thinking" | "arguments") =>
    events
      .map((e) => (e.type !== "block_delta" ? "" : e.delta.type === "arguments" ? (type === "arguments" ? e.delta.json : "") : e.delta.type === type ? e.delta.text : ""))
      .join("");

  test("thinking then text, with usage in IR arithmetic", async () => {
    const events = await roundTrip(request({ reasoning: { effort: "low" } }));
    expect(mock.calls.at(-1)!.body.stream_options).toEqual({ include_usage: true });
    expect(events[0].type).toBe("start");
    expect(events.filter((e) => e.type === "block_start").map((e) => e.block.type)).toEqual(["thinking", "text"]);
    expect(deltaText(events, "thinking")).toBe(SCENARIO.thinking);
    expect(deltaText(events, "text")).toBe(SCENARIO.text);
    expect(events.at(-1)).toEqual({ type: "finish", reason: "stop", usage: SCENARIO.usage });
  });

  test("a tool call with arguments streamed in pieces", async () => {
    const events = await roundTrip(
      request({ tools: [{ name: "get_weather", parameters: { type: "object" } }], toolChoice: { type: "auto" } }),
    );
    const starts = events.filter((e) => e.type === "block_start");
    expect(starts).toHaveLength(1);
    expect(starts[0].block).toMatchObject({ type: "tool_call", name: SCENARIO.toolCall.name });
    expect(events.filter((e) => e.type === "block_delta").length).toBeGreaterThan(1);
    expect(JSON.parse(deltaText(events, "arguments"))).toEqual(SCENARIO.toolCall.arguments);
    expect(events.at(-1)).toMatchObject({ type: "finish", reason: "tool_calls" });
  });

  test("a connection dropped mid-stream ends in an IR error", async () => {
    mock.fault({ kind: "reset_mid_stream" });
    const events = await roundTrip(request());
    expect(events.some((e) => e.type === "block_delta")).toBe(true);
    expect(events.at(-1)?.type).toBe("error");
  });
});
