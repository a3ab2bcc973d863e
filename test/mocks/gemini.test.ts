/** Drives the Gemini mock with the official @google/genai SDK over loopback HTTP, and through the adapter. */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { ApiError, FinishReason, GoogleGenAI, type Content, type FunctionDeclaration } from "@google/genai";
import { geminiAdapter } from "../../src/protocols/gemini";
import type { IRRequest, IRStreamEvent } from "../../src/protocols/ir";
import { createGeminiMock } from "./gemini";
import { geminiTarget } from "../../src/channels/gemini";
import { callTo } from "../../src/channels/target";
import { decodeSSE, serveLocally } from "./plumbing";
import { SCENARIO, type MockUpstream } from "./scenario";

const KEY = "gemini-test-key";
const MODEL = "gemini-2.5-flash";
let mock: MockUpstream;
let server: ReturnType<typeof serveLocally>;
let base: string;
let ai: GoogleGenAI;

beforeAll(() => {
  mock = createGeminiMock({ apiKey: KEY, models: [MODEL, "gemini-2.5-pro", "gemini-2.0-flash"] });
  server = serveLocally(mock.fetch);
  base = server.origin;
  ai = new GoogleGenAI({ apiKey: KEY, httpOptions: { baseUrl: base } });
});
afterAll(() => server.stop());

const weather: FunctionDeclaration = {
  name: SCENARIO.toolCall.name,
  description: "Current weather",
  parametersJsonSchema: { type: "object", properties: { city: { type: "string" }, unit: { type: "string" } }, required: ["city"] },
};
const lastCall = () => mock.calls[mock.calls.length - 1];

describe("official SDK against the mock", () => {
  test("non-streamed text, usage in Gemini's arithmetic, key in x-goog-api-key", async () => {
    const res = await ai.models.generateContent({ model: MODEL, contents: "Hi" });
    expect(res.text).toBe(SCENARIO.text);
    expect(res.candidates?.[0].finishReason).toBe(FinishReason.STOP);
    expect(res.usageMetadata).toMatchObject({ promptTokenCount: 25, candidatesTokenCount: 9, totalTokenCount: 34, cachedContentTokenCount: 5 });
    expect(lastCall().path).toBe(`/v1beta/models/${MODEL}:generateContent`);
    expect(lastCall().headers["x-goog-api-key"]).toBe(KEY);
  });

  test("streamed text arrives in several chunks and the last one finishes", async () => {
    const chunks = [];
    for await (const chunk of await ai.models.generateContentStream({ model: MODEL, contents: "Hi" })) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.map((c) => c.text).join("")).toBe(SCENARIO.text);
    expect(chunks.at(-1)?.candidates?.[0].finishReason).toBe(FinishReason.STOP);
    expect(lastCall().path).toBe(`/v1beta/models/${MODEL}:streamGenerateContent?alt=sse`);
  });

  test("a tool call, then the answer once its result is sent back with the signed call", async () => {
    const question: Content = { role: "user", parts: [{ text: "Weather in Paris?" }] };
    const first = await ai.models.generateContent({ model: MODEL, contents: [question], config: { tools: [{ functionDeclarations: [weather] }] } });
    expect(first.functionCalls?.[0]).toMatchObject({ name: SCENARIO.toolCall.name, args: SCENARIO.toolCall.arguments });
    const modelTurn = first.candidates![0].content!;
    expect(modelTurn.parts?.[0].thoughtSignature).toBeString();
    const result: Content = { role: "user", parts: [{ functionResponse: { name: SCENARIO.toolCall.name, response: { output: "18°C" } } }] };
    const second = await ai.models.generateContent({
      model: MODEL,
      contents: [question, modelTurn, result],
      config: { tools: [{ functionDeclarations: [weather] }] },
    });
    expect(second.text).toBe(SCENARIO.afterTool);
  });

  test("a replayed call without its signature is refused with 400, as Gemini 3 does", async () => {
    const contents: Content[] = [
      { role: "user", parts: [{ text: "Weather?" }] },
      { role: "model", parts: [{ functionCall: { name: "get_weather", args: { city: "Paris" } } }] },
      { role: "user", parts: [{ functionResponse: { name: "get_weather", response: { output: "18°C" } } }] },
    ];
    const err = await ai.models.generateContent({ model: MODEL, contents }).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(400);
    expect(err.message).toContain("thought_signature");
  });

  test("thoughts come first when includeThoughts is set", async () => {
    const res = await ai.models.generateContent({
      model: MODEL,
      contents: "Hi",
      config: { thinkingConfig: { includeThoughts: true, thinkingBudget: 1024 } },
    });
    const parts = res.candidates![0].content!.parts!;
    expect(parts[0]).toEqual({ text: SCENARIO.thinking, thought: true });
    expect(res.text).toBe(SCENARIO.text);
  });

  test("faults: 429 RESOURCE_EXHAUSTED, an in-band stream error, a wrong key", async () => {
    mock.fault({ kind: "status", status: 429, retryAfter: 7 });
    const limited = await ai.models.generateContent({ model: MODEL, contents: "Hi" }).catch((e) => e);
    expect(limited).toBeInstanceOf(ApiError);
    expect(limited.status).toBe(429);
    expect(limited.message).toContain("RESOURCE_EXHAUSTED");

    mock.fault({ kind: "stream_error_first" });
    const stream = await ai.models.generateContentStream({ model: MODEL, contents: "Hi" });
    const inBand = await (async () => {
      for await (const _ of stream);
    })().catch((e) => e);
    expect(inBand).toBeInstanceOf(ApiError);
    expect(inBand.status).toBe(500);

    const stranger = new GoogleGenAI({ apiKey: "wrong", httpOptions: { baseUrl: base } });
    const badKey = await stranger.models.generateContent({ model: MODEL, contents: "Hi" }).catch((e) => e);
    expect(badKey.status).toBe(400);
    expect(badKey.message).toContain("API_KEY_INVALID");
  });

  test("models list pages with pageSize and nextPageToken", async () => {
    const names: string[] = [];
    for await (const model of await ai.models.list({ config: { pageSize: 2 } })) names.push(model.name!);
    expect(names).toEqual([`models/${MODEL}`, "models/gemini-2.5-pro", "models/gemini-2.0-flash"]);
    const listCalls = mock.calls.filter((c) => c.path.startsWith("/v1beta/models?"));
    expect(listCalls).toHaveLength(2);
    expect(listCalls[1].path).toContain("pageToken=");
  });

  test("the key may travel as ?key=; no key at all is Google's 403", async () => {
    const withKey = await fetch(`${base}/v1beta/models/${MODEL}?key=${KEY}`);
    expect(await withKey.json()).toMatchObject({ name: `models/${MODEL}`, supportedGenerationMethods: expect.arrayContaining(["generateContent"]) });
    const anonymous = await fetch(`${base}/v1beta/models`);
    expect(anonymous.status).toBe(403);
    expect((await anonymous.json()).error.status).toBe("PERMISSION_DENIED");
  });

  test("the v1 API version is served too", async () => {
    const v1 = new GoogleGenAI({ apiKey: KEY, httpOptions: { baseUrl: base, apiVersion: "v1" } });
    expect((await v1.models.generateContent({ model: MODEL, contents: "Hi" })).text).toBe(SCENARIO.text);
    expect(lastCall().path).toBe(`/v1/models/${MODEL}:generateContent`);
  });
});

describe("the adapter against the mock's raw wire", () => {
  const toolRequest: IRRequest = {
    model: MODEL,
    stream: true,
    messages: [{ role: "user", parts: [{ type: "text", text: "Weather in Paris?" }] }],
    tools: [{ name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } }, additionalProperties: false } }],
  };

  async function streamIR(request: IRRequest): Promise<IRStreamEvent[]> {
    const target = callTo(geminiTarget, `${base}/v1beta`, request.model, true, KEY);
    const res = await fetch(target.url, { method: "POST", headers: target.headers, body: JSON.stringify(geminiAdapter.encodeRequest(request)) });
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    return decodeSSE(res, geminiAdapter.streamDecoder());
  }

  test("a streamed tool call decodes whole, signed, with a tool_calls finish and Gemini usage in IR terms", async () => {
    const events = await streamIR(toolRequest);
    const args = events.flatMap((e) => (e.type === "block_delta" && e.delta.type === "arguments" ? [e.delta.json] : [])).join("");
    expect(JSON.parse(args)).toEqual(SCENARIO.toolCall.arguments);
    expect(events).toContainEqual(
      expect.objectContaining({ type: "block_start", block: expect.objectContaining({ signature: { format: "gemini", value: expect.any(String) } }) }),
    );
    // Gemini has no cache-write count, so that one SCENARIO figure cannot survive the trip.
    expect(events.at(-1)).toEqual({ type: "finish", reason: "tool_calls", usage: { ...SCENARIO.usage, cacheWriteTokens: 0 } });
  });

  test("thinking then text streams as a signed thinking block and a text block", async () => {
    const events = await streamIR({ ...toolRequest, tools: undefined, reasoning: { includeThoughts: true, budgetTokens: 1024 } });
    const text = (type: "text" | "thinking") =>
      events.flatMap((e) => (e.type === "block_delta" && e.delta.type === type ? [e.delta.text] : [])).join("");
    expect(text("thinking")).toBe(SCENARIO.thinking);
    expect(text("text")).toBe(SCENARIO.text);
    expect(events.filter((e) => e.type === "block_start").map((e) => (e as any).block.type)).toEqual(["thinking", "text"]);
    expect(events.at(-1)).toMatchObject({ type: "finish", reason: "stop" });
  });

  test("a call from another format is replayed with the placeholder signature and accepted", async () => {
    const target = callTo(geminiTarget, base, MODEL, false, KEY);
    const body = geminiAdapter.encodeRequest({
      ...toolRequest,
      stream: false,
      messages: [
        ...toolRequest.messages,
        { role: "assistant", parts: [{ type: "tool_call", id: "toolu_01", name: "get_weather", arguments: '{"city":"Paris"}' }] },
        { role: "user", parts: [{ type: "tool_result", callId: "toolu_01", content: [{ type: "text", text: "18°C" }] }] },
      ],
    });
    const res = await fetch(target.url, { method: "POST", headers: target.headers, body: JSON.stringify(body) });
    const ir = geminiAdapter.decodeResponse(await res.json());
    expect(ir.parts).toEqual([{ type: "text", text: SCENARIO.afterTool }]);
    expect(ir.finishReason).toBe("stop");
  });

  test("a connection dropped mid-stream decodes to an error", async () => {
    mock.fault({ kind: "reset_mid_stream" });
    const events = await streamIR({ ...toolRequest, tools: undefined });
    expect(events.some((e) => e.type === "block_delta")).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: "error", error: { kind: "server_error" } });
  });

  test("the mock's error bodies decode to the right IR kinds", async () => {
    for (const [status, kind] of [[429, "rate_limit"], [503, "overloaded"], [413, "request_too_large"]] as const) {
      mock.fault({ kind: "status", status });
      const target = callTo(geminiTarget, base, MODEL, false, KEY);
      const res = await fetch(target.url, { method: "POST", headers: target.headers, body: JSON.stringify({ contents: [] }) });
      expect(geminiAdapter.decodeError(res.status, await res.text()).kind).toBe(kind);
    }
    mock.fault({ kind: "status", status: 429, retryAfter: 7 });
    const target = callTo(geminiTarget, base, MODEL, false, KEY);
    const limited = await fetch(target.url, { method: "POST", headers: target.headers, body: JSON.stringify({ contents: [] }) });
    expect(geminiAdapter.decodeError(limited.status, await limited.text())).toMatchObject({ kind: "rate_limit", retryAfter: 7 });
    const res = await fetch(callTo(geminiTarget, base, MODEL, false, "bad").url, { method: "POST", body: "{}", headers: { "x-goog-api-key": "bad" } });
    expect(geminiAdapter.decodeError(res.status, await res.text())).toMatchObject({ kind: "authentication", status: 401 });
  });
});
