/**
 * The benchmark's provider: OpenAI chat completions (JSON, or a stream of `--chunks` content
 * chunks, a finish chunk, the usage chunk when asked for, `[DONE]`) and Anthropic messages (JSON),
 * in each provider's wire format. Bodies are built once at start so the upstream costs as little
 * CPU as possible; `--latency MS` delays every answer. The chat route under `/paced/` writes each
 * chunk on its own, `--stream-pace MS` apart, as a provider generating tokens does; under `/slow/`
 * one chunk every `--pace MS`, for holding many streams open. Prints its port, exits when stdin closes.
 */
import { parseArgs } from "node:util";
import { CHAT_MODEL, MESSAGES_MODEL } from "./models";

const { values } = parseArgs({
  options: {
    chunks: { type: "string", default: "100" },
    latency: { type: "string", default: "0" },
    pace: { type: "string", default: "500" },
    "stream-pace": { type: "string", default: "1" },
  },
});
const chunks = Number(values.chunks);
const latency = Number(values.latency);
const pace = Number(values.pace);
const streamPace = Number(values["stream-pace"]);

const encoder = new TextEncoder();
const CREATED = 1767225600;
const words = Array.from({ length: chunks }, (_, i) => ` word${i}`);
const usage = { prompt_tokens: 12, completion_tokens: chunks, total_tokens: 12 + chunks };

const chatJson = encoder.encode(
  JSON.stringify({
    id: "chatcmpl-bench",
    object: "chat.completion",
    created: CREATED,
    model: CHAT_MODEL,
    choices: [{ index: 0, message: { role: "assistant", content: words.join(""), refusal: null, annotations: [] }, logprobs: null, finish_reason: "stop" }],
    usage,
    service_tier: "default",
    system_fingerprint: "fp_bench",
  }),
);

const chunk = (choices: unknown[], extra: object) =>
  `data: ${JSON.stringify({ id: "chatcmpl-bench", object: "chat.completion.chunk", created: CREATED, model: CHAT_MODEL, service_tier: "default", system_fingerprint: "fp_bench", choices, ...extra })}\n\n`;
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
    model: MESSAGES_MODEL,
    content: [{ type: "text", text: words.join("") }],
    stop_reason: "end_turn",
    stop_sequence: null,
    usage: { input_tokens: 12, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: chunks, service_tier: "standard" },
  }),
);

const JSON_HEADERS = { "content-type": "application/json" };
const SSE_HEADERS = { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" };

/**
 * One chunk per frame, chunked like a provider's stream. Unpaced (`paceMs` 0), every frame is
 * queued at once and Bun sends the whole stream in one or two writes, so a relay reads it in a few
 * large reads and the benchmark weighs per-event work more than per-read work. Paced, each frame
 * is a write of its own, `paceMs` after the previous.
 */
function sse(frames: Uint8Array[], paceMs: number): Response {
  let next = 0;
  const body = paceMs
    ? new ReadableStream<Uint8Array>({
        async pull(controller) {
          await Bun.sleep(paceMs);
          controller.enqueue(frames[next++]);
          if (next === frames.length) controller.close();
        },
      })
    : new ReadableStream<Uint8Array>({
        start(controller) {
          for (const frame of frames) controller.enqueue(frame);
          controller.close();
        },
      });
  return new Response(body, { headers: SSE_HEADERS });
}

async function chatCompletions(request: Request, paceMs: number) {
  const text = await request.text();
  if (latency > 0) await Bun.sleep(latency);
  if (!/"stream"\s*:\s*true/.test(text)) return new Response(chatJson, { headers: JSON_HEADERS });
  return sse(/"include_usage"\s*:\s*true/.test(text) ? streams.withUsage : streams.plain, paceMs);
}

async function messages(request: Request) {
  await request.arrayBuffer();
  if (latency > 0) await Bun.sleep(latency);
  return new Response(messageJson, { headers: JSON_HEADERS });
}

const server = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  routes: {
    "/v1/chat/completions": { POST: (request) => chatCompletions(request, 0) },
    "/paced/v1/chat/completions": { POST: (request) => chatCompletions(request, streamPace) },
    "/slow/v1/chat/completions": { POST: (request) => chatCompletions(request, pace) },
    "/v1/messages": { POST: messages },
  },
  fetch: () => new Response("not found", { status: 404 }),
});

console.log(server.port);
for await (const _ of Bun.stdin.stream());
process.exit(0);
