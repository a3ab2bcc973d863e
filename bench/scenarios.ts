/**
 * What each scenario sends to each target, and the check a pre-flight answer must pass so the
 * load never measures errors. Direct and bare-proxy requests are what Octopus itself sends the
 * upstream, so all three targets make the upstream do the same work.
 */
import { MODEL, type Octopus } from "./targets";
import type { Request } from "./load";

export type TargetName = "direct" | "bare" | "octopus";

export interface Scenario {
  id: string;
  title: string;
  request(target: TargetName, url: string, octopus: Octopus): Request;
  /** Why the answer body is not the expected one, or undefined. */
  check(target: TargetName, body: string, chunks: number): string | undefined;
}

const messages = [
  { role: "system", content: "You are a concise assistant." },
  { role: "user", content: "Write one hundred words about octopuses." },
];
// The client asks for usage, so Octopus's pass-through forwards the upstream bytes unchanged.
const chatStream = { model: MODEL, messages, stream: true, stream_options: { include_usage: true } };
const upstreamHeaders = { "content-type": "application/json", authorization: "Bearer sk-bench-upstream" };
const octopusHeaders = (o: Octopus) => ({ "content-type": "application/json", authorization: `Bearer ${o.apiKey}` });

const dataLines = (body: string) => body.split("\n").filter((l) => l.startsWith("data: ")).map((l) => l.slice(6));

function checkChatJson(body: string, chunks: number) {
  const content = JSON.parse(body).choices?.[0]?.message?.content;
  if (typeof content !== "string" || !content.endsWith(`word${chunks - 1}`)) return `unexpected completion: ${body.slice(0, 200)}`;
}

function checkChatStream(body: string, chunks: number) {
  const data = dataLines(body);
  const content = data.filter((d) => d !== "[DONE]" && JSON.parse(d).choices?.[0]?.delta?.content).length;
  if (content !== chunks) return `${content} content chunks, expected ${chunks}`;
  if (data.at(-1) !== "[DONE]") return "the stream does not end with [DONE]";
}

function checkMessagesStream(body: string, chunks: number) {
  const deltas = dataLines(body).filter((d) => JSON.parse(d).delta?.type === "text_delta").length;
  if (deltas !== chunks) return `${deltas} text deltas, expected ${chunks}`;
  if (!body.includes("event: message_stop\n")) return "the stream has no message_stop";
}

export const SCENARIOS: Scenario[] = [
  {
    id: "a",
    title: "OpenAI chat, JSON, pass-through",
    request: (target, url, o) => ({
      url: `${url}/v1/chat/completions`,
      headers: target === "octopus" ? octopusHeaders(o) : upstreamHeaders,
      body: JSON.stringify({ model: MODEL, messages }),
    }),
    check: (_, body, chunks) => checkChatJson(body, chunks),
  },
  {
    id: "b",
    title: "OpenAI chat, stream, pass-through",
    request: (target, url, o) => ({
      url: `${url}/v1/chat/completions`,
      headers: target === "octopus" ? octopusHeaders(o) : upstreamHeaders,
      body: JSON.stringify(chatStream),
    }),
    check: (_, body, chunks) => checkChatStream(body, chunks),
  },
  {
    id: "c",
    title: "Anthropic client → OpenAI chat channel, stream, converted",
    request: (target, url, o) =>
      target === "octopus"
        ? {
            url: `${url}/v1/messages`,
            headers: { "content-type": "application/json", "x-api-key": o.apiKey, "anthropic-version": "2023-06-01" },
            body: JSON.stringify({ model: MODEL, max_tokens: 1024, system: messages[0].content, messages: [messages[1]], stream: true }),
          }
        : { url: `${url}/v1/chat/completions`, headers: upstreamHeaders, body: JSON.stringify(chatStream) },
    check: (target, body, chunks) => (target === "octopus" ? checkMessagesStream(body, chunks) : checkChatStream(body, chunks)),
  },
];
