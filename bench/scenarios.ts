/**
 * What each scenario sends to each target, and the check a pre-flight answer must pass so the load
 * never measures errors. Direct and bare-proxy requests are what Octopus itself sends the upstream
 * (the channel's format), so those targets make the upstream do the same work without a gateway's;
 * Octopus and the peer get the same client request.
 */
import { CHAT_MODEL, MESSAGES_MODEL, PACED_CHAT_MODEL, SLOW_CHAT_MODEL } from "./models";
import type { Request } from "./wrk";

export type TargetName = "direct" | "bare" | "octopus" | "peer";
export const TARGETS: TargetName[] = ["direct", "bare", "octopus", "peer"];

export interface Addresses {
  url: string;
  upstream: string;
  apiKey: string;
}

export interface Scenario {
  id: string;
  title: string;
  stream: boolean;
  /** The upstream sets the pace: req/s is the same for every relay, so read CPU per request instead. */
  paced?: true;
  request(target: TargetName, at: Addresses): Request;
  /** Why the answer body is not the expected one, or undefined. */
  check(target: TargetName, body: string, chunks: number): string | undefined;
}

const system = "You are a concise assistant.";
const user = { role: "user", content: "Write one hundred words about octopuses." };
const chatMessages = [{ role: "system", content: system }, user];
// Octopus asks an OpenAI chat upstream for usage; the client asks too, so the stream passes through unchanged.
const chatStream = { model: CHAT_MODEL, messages: chatMessages, stream: true, stream_options: { include_usage: true } };
const anthropicMessages = { model: MESSAGES_MODEL, max_tokens: 1024, system, messages: [user] };

const json = { "content-type": "application/json" };
const openaiUpstream = { ...json, authorization: "Bearer sk-bench-upstream" };
const anthropicUpstream = { ...json, "x-api-key": "sk-bench-upstream", "anthropic-version": "2023-06-01" };
const octopusBearer = (at: Addresses) => ({ ...json, authorization: `Bearer ${at.apiKey}` });
/** Portkey names the provider and its base URL in headers and passes the client's key on. */
const peer = (at: Addresses, provider: string, base = "/v1") => ({
  ...openaiUpstream,
  "x-portkey-provider": provider,
  "x-portkey-custom-host": `${at.upstream}${base}`,
});

const dataLines = (body: string) => body.split("\n").filter((l) => l.startsWith("data: ")).map((l) => l.slice(6));

function checkChatJson(body: string, chunks: number) {
  const content = JSON.parse(body).choices?.[0]?.message?.content;
  if (typeof content !== "string" || !content.endsWith(`word${chunks - 1}`)) return `unexpected completion: ${body.slice(0, 200)}`;
}

function checkMessageJson(body: string, chunks: number) {
  const text = JSON.parse(body).content?.[0]?.text;
  if (typeof text !== "string" || !text.endsWith(`word${chunks - 1}`)) return `unexpected message: ${body.slice(0, 200)}`;
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

const upstreamSide = (target: TargetName) => target === "direct" || target === "bare";

export const SCENARIOS: Scenario[] = [
  {
    id: "a",
    title: "JSON, OpenAI chat pass-through",
    stream: false,
    request(target, at) {
      const headers = target === "octopus" ? octopusBearer(at) : target === "peer" ? peer(at, "openai") : openaiUpstream;
      return { url: `${at.url}/v1/chat/completions`, headers, body: JSON.stringify({ model: CHAT_MODEL, messages: chatMessages }) };
    },
    check: (_, body, chunks) => checkChatJson(body, chunks),
  },
  {
    id: "b",
    title: "stream, OpenAI chat pass-through",
    stream: true,
    request(target, at) {
      const headers = target === "octopus" ? octopusBearer(at) : target === "peer" ? peer(at, "openai") : openaiUpstream;
      return { url: `${at.url}/v1/chat/completions`, headers, body: JSON.stringify(chatStream) };
    },
    check: (_, body, chunks) => checkChatStream(body, chunks),
  },
  {
    id: "c",
    title: "stream, Anthropic client → OpenAI chat channel",
    stream: true,
    request(target, at) {
      if (upstreamSide(target)) return { url: `${at.url}/v1/chat/completions`, headers: openaiUpstream, body: JSON.stringify(chatStream) };
      const version = { "anthropic-version": "2023-06-01" };
      const headers = target === "octopus" ? { ...json, ...version, "x-api-key": at.apiKey } : { ...peer(at, "openai"), ...version };
      return { url: `${at.url}/v1/messages`, headers, body: JSON.stringify({ ...anthropicMessages, model: CHAT_MODEL, stream: true }) };
    },
    check: (target, body, chunks) => (upstreamSide(target) ? checkChatStream(body, chunks) : checkMessagesStream(body, chunks)),
  },
  {
    id: "d",
    title: "JSON, OpenAI client → Anthropic channel",
    stream: false,
    request(target, at) {
      if (upstreamSide(target)) return { url: `${at.url}/v1/messages`, headers: anthropicUpstream, body: JSON.stringify(anthropicMessages) };
      const headers = target === "octopus" ? octopusBearer(at) : peer(at, "anthropic");
      return { url: `${at.url}/v1/chat/completions`, headers, body: JSON.stringify({ model: MESSAGES_MODEL, max_tokens: 1024, messages: chatMessages }) };
    },
    check: (target, body, chunks) => (upstreamSide(target) ? checkMessageJson(body, chunks) : checkChatJson(body, chunks)),
  },
  {
    id: "e",
    title: "stream, OpenAI chat pass-through, paced upstream",
    stream: true,
    paced: true,
    request(target, at) {
      // The upstream's /paced/ route writes each chunk on its own: every relay forwards chunk by chunk.
      if (upstreamSide(target)) return { url: `${at.url}/paced/v1/chat/completions`, headers: openaiUpstream, body: JSON.stringify(chatStream) };
      const headers = target === "octopus" ? octopusBearer(at) : peer(at, "openai", "/paced/v1");
      return { url: `${at.url}/v1/chat/completions`, headers, body: JSON.stringify({ ...chatStream, model: PACED_CHAT_MODEL }) };
    },
    check: (_, body, chunks) => checkChatStream(body, chunks),
  },
];

/** The stream held open many times at once: OpenAI chat, pass-through, from the upstream's paced route. */
export function slowStream(target: "bare" | "octopus", at: Addresses): Request {
  const body = JSON.stringify({ ...chatStream, model: SLOW_CHAT_MODEL });
  if (target === "octopus") return { url: `${at.url}/v1/chat/completions`, headers: octopusBearer(at), body };
  return { url: `${at.url}/slow/v1/chat/completions`, headers: openaiUpstream, body };
}
