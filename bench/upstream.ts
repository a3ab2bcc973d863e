/**
 * The benchmark's provider: OpenAI chat completions (JSON, or a stream of `--chunks` content
 * chunks, a finish chunk, the usage chunk when asked for, `[DONE]`) and Anthropic messages (JSON),
 * in each provider's wire format. Bodies are built once at start so the upstream costs as little
 * CPU as possible; `--latency MS` delays every answer. Prints its port, exits when stdin closes.
 */
import { parseArgs } from "node:util";
import { MODEL } from "./targets";

const { values } = parseArgs({ options: { chunks: { type: "string", default: "100" }, latency: { type: "string", default: "0" } } });
const chunks = Number(values.chunks);
const latency = Number(values.latency);

const encoder = new TextEncoder();
const CREATED = 1767225600;
const words = Array.from({ length: chunks }, (_, i) => ` word${i}`);
const usage = { prompt_tokens: 12, completion_tokens: chunks, total_tokens: 12 + chunks };

const chatJson = encoder.encode(
  JSON.stringify({
    id: "chatcmpl-bench",
    object: "chat.completion",
    created: CREATED,
    model: MODEL,
    choices: [{ index: 0, message: { role: "assistant", content: words.join(""), refusal: null, annotations: [] }, logprobs: null, finish_reason: "stop" }],
    usage,
    service_tier: "default",
    system_fingerprint: "fp_bench",
  }),
);

const chunk = (choices: unknown[], extra: object) =>
  `data: ${JSON.stringify({ id: "chatcmpl-bench", object: "chat.completion.chunk", created: CREATED, model: MODEL, service_tier: "default", system_fingerprint: "fp_bench", choices, ...extra })}\n\n`;
/** The frames of one stream; with `include_usage` every chunk carries `usage: null` and a usage chunk comes last. */
function chatFrames(includeUsage: boolean): Uint8Array[] {
  const extra = includeUsage ? { usage: null } : {};
  const frames = words.map((content, i) => chunk([{ index: 0, delta: i === 0 ? { role: "assistant", content } : { content }, logprobs: null, finish_reason: null }], extra));
  frames.push(chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: "stop" }], extra));
  if (includeUsage) frames.push(chunk([], { usage }));
  frames.push("data: [DONE]\n\n");
  return frames.map((f) => encoder.encode(f));
}
const streams = { plain: chatFrames(false), withUsage: chatFrames(true) };

const messageJson = encoder.encode(
  JSON.stringify({
    id: "msg_01Bench",
    type: "message",
    role: "assistant",
    model: "claude-bench",
    content: [{ type: "text", text: words.join("") }],
    stop_reason: "end_turn",
    stop_sequence: null,
    usage: { input_tokens: 12, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: chunks, service_tier: "standard" },
  }),
);

const JSON_HEADERS = { "content-type": "application/json" };
const SSE_HEADERS = { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" };

/**
 * One chunk per frame, chunked like a provider's stream, but unpaced: on loopback the frames reach
 * the reader in a few large reads, so the benchmark weighs per-event work more than per-read work.
 */
function sse(frames: Uint8Array[]): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const frame of frames) controller.enqueue(frame);
      controller.close();
    },
  });
  return new Response(body, { headers: SSE_HEADERS });
}

const server = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  routes: {
    "/v1/chat/completions": {
      async POST(request) {
        const text = await request.text();
        if (latency > 0) await Bun.sleep(latency);
        if (!/"stream"\s*:\s*true/.test(text)) return new Response(chatJson, { headers: JSON_HEADERS });
        return sse(/"include_usage"\s*:\s*true/.test(text) ? streams.withUsage : streams.plain);
      },
    },
    "/v1/messages": {
      async POST(request) {
        await request.arrayBuffer();
        if (latency > 0) await Bun.sleep(latency);
        return new Response(messageJson, { headers: JSON_HEADERS });
      },
    },
  },
  fetch: () => new Response("not found", { status: 404 }),
});

console.log(server.port);
for await (const _ of Bun.stdin.stream());
process.exit(0);
