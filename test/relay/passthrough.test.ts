/** Same format on both sides: the request is forwarded with only the model and overrides changed, the answer comes back byte for byte. */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { signatureForClient, WRAP_HEAD } from "../../src/protocols/ir";
import { until } from "../until";
import { addRawUpstream, post, startStage, type Stage } from "./harness";

let stage: Stage;
beforeAll(async () => {
  stage = await startStage();
});
afterAll(() => stage.close());

/** Serves `parts` with pauses in between, so the bytes cross the relay in several reads. */
function slowly(parts: string[], contentType = "text/event-stream"): Response {
  const encoder = new TextEncoder();
  return new Response(
    new ReadableStream({
      async pull(controller) {
        const part = parts.shift();
        if (part === undefined) return controller.close();
        controller.enqueue(encoder.encode(part));
        await Bun.sleep(5);
      },
    }),
    { headers: { "content-type": contentType } },
  );
}

/** Asked for usage (as Octopus always asks), OpenAI writes `"usage":null` on every chunk but the last. */
const chunk = (delta: object, finish: string | null = null, extra = ',"usage":null') =>
  `{"id":"chatcmpl-raw","object":"chat.completion.chunk","created":1700000000,"model":"up-2025","choices":[{"index":0,"delta":${JSON.stringify(delta)},"finish_reason":${JSON.stringify(finish)}}]${extra}}`;

const OPENAI_STREAM = [
  ": upstream comment\n\n",
  `data: ${chunk({ role: "assistant", content: "" })}\r\n\r\n`,
  `data:${chunk({ content: "Hel" }, null, ',"vendor_extension":{"x":1} , "usage" : null')}\n\n`,
  `data: ${chunk({ content: "lo" })}\n`,
  `\ndata: ${chunk({}, "stop")}\n\n`,
  `data: {"id":"chatcmpl-raw","object":"chat.completion.chunk","created":1700000000,"model":"up-2025","choices":[],"usage":{"prompt_tokens":11,"completion_tokens":2,"total_tokens":13,"prompt_tokens_details":{"cached_tokens":4}}}\n\n`,
  "data: [DONE]\n\n",
];

const OPENAI_JSON =
  '{ "id": "chatcmpl-raw",  "object": "chat.completion", "model": "up-2025", "choices": [{"index":0,"message":{"role":"assistant","content":"Hi"},"finish_reason":"stop"}], "usage": {"prompt_tokens": 11, "completion_tokens": 2, "total_tokens": 13}, "system_fingerprint": "fp_raw" }';

const ANTHROPIC_STREAM = [
  'event: message_start\r\ndata: {"type":"message_start","message":{"id":"msg_raw","type":"message","role":"assistant","model":"up-2025","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":7,"cache_creation_input_tokens":2,"cache_read_input_tokens":3,"output_tokens":1}}}\r\n\r\n',
  'event: ping\r\ndata: {"type": "ping"}\r\n\r\n',
  'event: content_block_start\r\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\r\n\r\n',
  'event: content_block_delta\r\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}\r\n\r\n',
  'event: content_block_stop\r\ndata: {"type":"content_block_stop","index":0}\r\n\r\n',
  'event: message_delta\r\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":5}}\r\n\r\n',
  'event: message_stop\r\ndata: {"type":"message_stop"}\r\n\r\n',
];

describe("pass-through", () => {
  const received: { body: any; headers: Headers }[] = [];
  beforeAll(async () => {
    await addRawUpstream(
      stage,
      "raw-openai",
      "openai-chat",
      async (request) => {
        const body = await request.json();
        received.push({ body, headers: request.headers });
        if (!body.stream)
          return new Response(OPENAI_JSON, { headers: { "content-type": "application/json" } });
        return slowly([...OPENAI_STREAM]);
      },
      { param_override: { temperature: 0.1, metadata: { team: "octopus" } }, custom_headers: [{ key: "X-Tenant", value: "blue" }] },
    );
    await addRawUpstream(stage, "raw-anthropic", "anthropic", async (request) => {
      received.push({ body: await request.json(), headers: request.headers });
      return slowly([...ANTHROPIC_STREAM]);
    });
  });

  test("an OpenAI stream reaches the client byte for byte, and its usage is counted", async () => {
    const before = stage.outcomes.length;
    const response = await post(stage, "openai-chat", "raw-openai", true, {
      model: "raw-openai",
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: "user", content: "hi" }],
      vendor_field: { keep: true },
      metadata: { client: "cli" },
    });
    expect(response.headers.get("content-type")).toStartWith("text/event-stream");
    expect(await response.text()).toBe(OPENAI_STREAM.join(""));
    await until(() => stage.outcomes.length > before, "the outcome");
    expect(stage.outcomes.slice(before)).toMatchObject([{ status: 200, usage: { inputTokens: 11, outputTokens: 2, cacheReadTokens: 4 } }]);

    const upstream = received.at(-1)!;
    // Only the model is replaced and the channel's override merged in; everything else is the client's.
    expect(upstream.body).toEqual({
      model: "up",
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: "user", content: "hi" }],
      vendor_field: { keep: true },
      metadata: { client: "cli", team: "octopus" },
      temperature: 0.1,
    });
    expect(upstream.headers.get("x-tenant")).toBe("blue");
    expect(upstream.headers.get("authorization")).toBe("Bearer sk-upstream-mock-key-0123456789");
  });

  test("a client that did not ask for usage gets no usage chunk, while Octopus still counts it", async () => {
    const before = stage.outcomes.length;
    const response = await post(stage, "openai-chat", "raw-openai", true, { model: "raw-openai", stream: true, messages: [{ role: "user", content: "hi" }] });
    const text = await response.text();
    expect(received.at(-1)!.body.stream_options).toEqual({ include_usage: true });
    expect(text).not.toContain('"usage"');
    expect(text).toContain('"content":"Hel"');
    expect(text.endsWith("data: [DONE]\n\n")).toBe(true);
    await until(() => stage.outcomes.length > before, "the outcome");
    expect(stage.outcomes.at(-1)!.usage.inputTokens).toBe(11);
    expect(stage.outcomes.length).toBe(before + 1);
  });

  test("a non-streamed answer comes back byte for byte", async () => {
    const response = await post(stage, "openai-chat", "raw-openai", false, { model: "raw-openai", messages: [{ role: "user", content: "hi" }] });
    expect(await response.text()).toBe(OPENAI_JSON);
    expect(stage.outcomes.at(-1)!.usage).toMatchObject({ inputTokens: 11, outputTokens: 2 });
  });

  test("an Anthropic stream (CRLF, pings) reaches the client unchanged; beta headers reach the upstream", async () => {
    const before = stage.outcomes.length;
    const response = await post(
      stage,
      "anthropic",
      "raw-anthropic",
      true,
      { model: "raw-anthropic", stream: true, max_tokens: 100, messages: [{ role: "user", content: "hi" }], context_management: { edits: [] } },
      { "anthropic-beta": "interleaved-thinking-2025-05-14,context-management-2025-06-27", "anthropic-version": "2023-06-01" },
    );
    expect(await response.text()).toBe(ANTHROPIC_STREAM.join(""));
    const upstream = received.at(-1)!;
    expect(upstream.headers.get("anthropic-beta")).toBe("interleaved-thinking-2025-05-14,context-management-2025-06-27");
    expect(upstream.body.context_management).toEqual({ edits: [] });
    await until(() => stage.outcomes.length > before, "the outcome");
    // Anthropic's input excludes the cache; the IR's includes it.
    expect(stage.outcomes.at(-1)!.usage).toMatchObject({ inputTokens: 12, outputTokens: 5, cacheReadTokens: 3, cacheWriteTokens: 2 });
  });

  test("a body the channel needs unchanged reaches it as the client wrote it; a new model name changes only the model", async () => {
    const texts: string[] = [];
    const answer = async (request: Request) => {
      texts.push(await request.text());
      return new Response(OPENAI_JSON, { headers: { "content-type": "application/json" } });
    };
    // The group "up" serves the model "up": nothing to change.
    await addRawUpstream(stage, "up", "openai-chat", answer);
    await addRawUpstream(stage, "renamed", "openai-chat", answer);
    const written = (model: string) => `{ "model": "${model}",  "messages": [{"role": "user", "content": "hi"}], "seed": 12345678901234567890 }`;
    for (const model of ["up", "renamed"]) {
      const response = await post(stage, "openai-chat", model, false, written(model));
      expect(await response.text()).toBe(OPENAI_JSON);
    }
    expect(texts[0]).toBe(written("up"));
    expect(JSON.parse(texts[1])).toEqual({ ...JSON.parse(written("renamed")), model: "up" });
  });

  test("a channel with a proxy URL reaches its upstream through that proxy", async () => {
    const through: string[] = [];
    const proxy = Bun.serve({
      port: 0,
      hostname: "127.0.0.1",
      // An HTTP proxy receives the absolute URL of the target and forwards it.
      fetch: (request) => {
        through.push(`${request.method} ${request.url}`);
        return fetch(request.url, { method: request.method, headers: request.headers, body: request.body });
      },
    });
    stage.servers.push(proxy);
    const upstream = await addRawUpstream(stage, "proxied", "openai-chat", () => new Response(OPENAI_JSON, { headers: { "content-type": "application/json" } }), {
      proxy_url: `http://127.0.0.1:${proxy.port}`,
    });
    const response = await post(stage, "openai-chat", "proxied", false, { model: "proxied", messages: [{ role: "user", content: "hi" }] });
    expect(await response.text()).toBe(OPENAI_JSON);
    expect(through).toEqual([`POST http://127.0.0.1:${upstream.port}/v1/chat/completions`]);
  });

  test("a body replaying a signature wrapped for the client goes through the IR, so the channel never sees it", async () => {
    const wrapped = signatureForClient("openai-responses", { format: "anthropic", value: "EqQBCkYIBxgCKkDanthropic" });
    const calls = stage.mocks["openai-responses"].calls.length;
    const response = await post(stage, "openai-responses", "via-openai-responses", false, {
      model: "via-openai-responses",
      input: [
        { role: "user", content: "hi" },
        { type: "reasoning", summary: [{ type: "summary_text", text: "thought" }], encrypted_content: wrapped },
        { role: "assistant", content: [{ type: "output_text", text: "hello" }] },
        { role: "user", content: "again" },
      ],
    });
    expect(response.status).toBe(200);
    expect(stage.mocks["openai-responses"].calls.length).toBe(calls + 1);
    const sent = JSON.stringify(stage.mocks["openai-responses"].calls.at(-1)!.body);
    expect(sent).not.toContain(WRAP_HEAD);
    expect(sent).toContain("again");
  });
});
