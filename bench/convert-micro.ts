/**
 * The conversion alone, in-process: for each channel format, an upstream stream of `--chunks`
 * text deltas (written by that format's own encoder) is parsed, decoded to IR and encoded for each
 * client format by `convertTransform` (src/relay/transforms.ts); a client of the channel's own
 * format gets `passthroughTransform` (the stream tap, which parses only what it needs). Every pair is checked once, then
 * timed in `--rounds` interleaved rounds of `--ms` each. Prints one JSON line: µs per upstream event.
 */
import { parseArgs } from "node:util";
import { ADAPTERS } from "../src/protocols";
import { FORMATS, type Format, type IRRequest, type IRStreamEvent } from "../src/protocols/ir";
import { SSEParser } from "../src/protocols/sse";
import { convertTransform, passthroughTransform } from "../src/relay/transforms";

const { values } = parseArgs({ options: { chunks: { type: "string", default: "100" }, rounds: { type: "string", default: "3" }, ms: { type: "string", default: "150" } } });
const chunks = Number(values.chunks);
const MAX_EVENT = 8 * 1024 * 1024;

const user = "Write one hundred words about octopuses.";
const clientBodies: Record<Format, [unknown, { model: string; stream: boolean }?]> = {
  "openai-chat": [{ model: "m", messages: [{ role: "user", content: user }], stream: true, stream_options: { include_usage: true } }],
  "openai-responses": [{ model: "m", input: user, stream: true }],
  anthropic: [{ model: "m", max_tokens: 1024, messages: [{ role: "user", content: user }], stream: true }],
  gemini: [{ contents: [{ role: "user", parts: [{ text: user }] }] }, { model: "m", stream: true }],
};
const requests = Object.fromEntries(FORMATS.map((f) => [f, ADAPTERS[f].decodeRequest(...clientBodies[f])])) as Record<Format, IRRequest>;

const usage = { inputTokens: 12, outputTokens: chunks, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 };
const irStream: IRStreamEvent[] = [
  { type: "start", id: "bench-1", model: "m", created: 1767225600 },
  { type: "block_start", index: 0, block: { type: "text" } },
  ...Array.from({ length: chunks }, (_, i): IRStreamEvent => ({ type: "block_delta", index: 0, delta: { type: "text", text: ` word${i}` } })),
  { type: "block_stop", index: 0 },
  { type: "usage", usage },
  { type: "finish", reason: "stop", usage },
];

/** A channel's stream as its provider sends it: one write per event, as bytes. */
function upstreamStream(format: Format): Uint8Array[] {
  const encoder = ADAPTERS[format].streamEncoder(requests[format]);
  const bytes = new TextEncoder();
  return irStream.map((e) => encoder.push(e)).filter((text) => text !== "").map((text) => bytes.encode(text));
}

/** One stream through the relay's transform for (channel, client); gives what the client receives. */
function relay(frames: Uint8Array[], channel: Format, client: Format): string | Uint8Array[] {
  const transform = channel === client ? passthroughTransform(channel, MAX_EVENT) : convertTransform(channel, client, MAX_EVENT, requests[client]);
  const out: (string | Uint8Array)[] = [];
  for (const frame of frames) out.push(transform.push(frame).out);
  out.push(transform.end().out);
  return channel === client ? (out as Uint8Array[]).filter((o) => typeof o !== "string") : out.join("");
}

/** Why a client's stream is not the whole answer, or undefined: every delta in order, then a finish. */
function check(received: string | Uint8Array[], client: Format): string | undefined {
  const text = typeof received === "string" ? received : new TextDecoder().decode(Buffer.concat(received));
  const parser = new SSEParser(MAX_EVENT);
  const decoder = ADAPTERS[client].streamDecoder();
  const ir = [...parser.push(text), ...parser.end()].flatMap((e) => decoder.push(e)).concat(decoder.end());
  const deltas = ir.flatMap((e) => (e.type === "block_delta" && e.delta.type === "text" ? [e.delta.text] : []));
  if (deltas.join("") !== irStream.flatMap((e) => (e.type === "block_delta" && e.delta.type === "text" ? [e.delta.text] : [])).join(""))
    return `${deltas.length} text deltas, expected ${chunks}`;
  if (ir.at(-1)?.type !== "finish") return `ends with ${ir.at(-1)?.type}, not finish`;
}

const pairs = FORMATS.flatMap((channel) => FORMATS.map((client) => ({ channel, client, frames: upstreamStream(channel), rounds: [] as number[] })));
for (const pair of pairs) {
  const problem = check(relay(pair.frames, pair.channel, pair.client), pair.client);
  if (problem) throw new Error(`${pair.channel} channel → ${pair.client} client: ${problem}`);
}
const events = Object.fromEntries(FORMATS.map((f) => [f, new SSEParser(MAX_EVENT).push(Buffer.concat(upstreamStream(f))).length]));

function time(pair: (typeof pairs)[number], ms: number): number {
  let streams = 0;
  const started = Bun.nanoseconds();
  const until = started + ms * 1e6;
  do {
    relay(pair.frames, pair.channel, pair.client);
    streams++;
  } while (Bun.nanoseconds() < until);
  return (Bun.nanoseconds() - started) / 1e3 / (streams * events[pair.channel]);
}

for (const pair of pairs) time(pair, Number(values.ms));
for (let round = 0; round < Number(values.rounds); round++) for (const pair of pairs) pair.rounds.push(time(pair, Number(values.ms)));
console.log(JSON.stringify({ chunks, eventsPerStream: events, pairs: pairs.map(({ channel, client, rounds }) => ({ channel, client, rounds })) }));
