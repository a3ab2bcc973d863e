import { describe, expect, test } from "bun:test";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { decodeAll, loadJSONL, toSSEEvents } from "../../test/golden";
import { ADAPTERS } from "../protocols";
import type { IRStreamEvent } from "../protocols/ir";
import { sseFrame } from "../protocols/sse";
import { passthroughTransform } from "./transforms";

const PROTOCOLS = join(import.meta.dir, "..", "protocols");
const bytes = new TextEncoder();

/** What the relay reads of a stream: the first event past the opening, then usage, finish and errors. */
function outcome(events: IRStreamEvent[]) {
  return {
    first: events.find((e) => e.type !== "start" && e.type !== "usage"),
    decisive: events.filter((e) => e.type === "usage" || e.type === "finish" || e.type === "error"),
  };
}

/** The wire text split into chunks: whole, one per event, every `n` bytes, in two halves. */
function chunkings(wire: Uint8Array, frames: string[]): Uint8Array[][] {
  const every = (n: number) => Array.from({ length: Math.ceil(wire.length / n) }, (_, i) => wire.subarray(i * n, (i + 1) * n));
  const half = wire.length >> 1;
  return [[wire], frames.map((f) => bytes.encode(f)), every(7), every(1000), [wire.subarray(0, half), wire.subarray(half)]];
}

function relay(format: keyof typeof ADAPTERS, chunks: Uint8Array[]) {
  const transform = passthroughTransform(format, 1 << 20);
  const events: IRStreamEvent[] = [];
  const out: Uint8Array[] = [];
  for (const chunk of chunks) {
    const r = transform.push(chunk);
    events.push(...r.events);
    out.push(typeof r.out === "string" ? bytes.encode(r.out) : r.out);
  }
  events.push(...transform.end().events);
  return { events, out: Buffer.concat(out) };
}

describe("pass-through transform", () => {
  for (const adapter of Object.values(ADAPTERS)) {
    const dir = join(PROTOCOLS, adapter.format, "fixtures");
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".stream.jsonl")))
      test(`${adapter.format} ${file}: however it is chunked, LF or CRLF, the bytes pass unchanged and read as the full decoder reads them`, () => {
        const events = toSSEEvents(loadJSONL(join(dir, file)));
        const expected = outcome(decodeAll(adapter.streamDecoder(), events));
        for (const eol of ["\n", "\r\n"]) {
          const frames = events.map((e) => sseFrame(e.data, e.event).replaceAll("\n", eol));
          const wire = bytes.encode(frames.join(""));
          for (const chunks of chunkings(wire, frames)) {
            const relayed = relay(adapter.format, chunks);
            expect(relayed.out).toEqual(Buffer.from(wire));
            expect(outcome(relayed.events)).toEqual(expected);
          }
        }
      });
  }
});
