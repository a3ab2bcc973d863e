import { describe, expect, test } from "bun:test";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { decodeAll, loadJSONL, toSSEEvents } from "../../../test/golden";
import type { StreamDecoder } from "../adapter";
import { ADAPTERS } from "..";
import type { IRStreamEvent } from "../ir";
import type { SSEEvent } from "../sse";
import { keyWithValue, tapDecoder } from "./tap";

/** What the relay reads of a stream: the first event past the opening, then usage, finish and errors. */
function outcome(events: IRStreamEvent[]) {
  return {
    first: events.find((e) => e.type !== "start" && e.type !== "usage"),
    decisive: events.filter((e) => e.type === "usage" || e.type === "finish" || e.type === "error"),
  };
}

const pretty = (events: SSEEvent[]) =>
  events.map((e) => (e.data.startsWith("{") ? { ...e, data: JSON.stringify(JSON.parse(e.data), null, 2) } : e));

describe("each format's tap reads every golden stream as its full decoder does", () => {
  for (const adapter of Object.values(ADAPTERS)) {
    const dir = join(import.meta.dir, "..", adapter.format, "fixtures");
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".stream.jsonl")))
      test(`${adapter.format} ${file}`, () => {
        const events = toSSEEvents(loadJSONL(join(dir, file)));
        for (const wire of [events, pretty(events)]) {
          const full = outcome(decodeAll(adapter.streamDecoder(), wire));
          expect(outcome(decodeAll(adapter.streamTap!(), wire))).toEqual(full);
        }
      });
  }
});

describe("tapDecoder", () => {
  /** A decoder that records what reaches it: `open` opens the stream, `x` is decisive. */
  function spy() {
    const seen: string[] = [];
    const decoder: StreamDecoder = {
      push(e) {
        seen.push(e.data);
        if (e.data.includes("open")) return [{ type: "block_start", index: 0, block: { type: "text" } }];
        return [{ type: "start", id: "", model: "", created: 0 }];
      },
      end: () => [],
    };
    return { seen, tap: tapDecoder(decoder, (e) => e.data.includes("x")) };
  }

  test("everything reaches the decoder until the stream opens; after that, decisive events and non-objects", () => {
    const { seen, tap } = spy();
    for (const data of ['{"a":1}', '{"b":1}', '{"open":1}', '{"c":1}', '{"x":1}', "[DONE]", "{not json", ' {"d":1} ']) tap.push({ data });
    expect(seen).toEqual(['{"a":1}', '{"b":1}', '{"open":1}', '{"x":1}', "[DONE]", "{not json"]);
  });

  test("keyWithValue finds a key with a non-null value at any depth, and nothing inside strings", () => {
    const usage = keyWithValue("usage");
    const decides = keyWithValue("usage", "finish_reason");
    expect(usage('{"usage":{"a":1}}')).toBe(true);
    expect(decides('{"choices":[{"finish_reason" : "stop"}]}')).toBe(true);
    expect(decides('{"usage":null,"x":{"usage": \n null},"finish_reason":null}')).toBe(false);
    expect(usage('{"usage":null,"y":{"usage":0}}')).toBe(true);
    expect(usage('{"content":"the \\"usage\\": 5 of it","k":"usage"}')).toBe(false);
  });

  test("an OpenAI chunk stream with usage: null on every chunk decodes only what decides", () => {
    const chunk = (delta: object, finish: string | null, usage: object | null = null) =>
      JSON.stringify({ id: "c", object: "chat.completion.chunk", created: 1, model: "m", choices: usage ? [] : [{ index: 0, delta, finish_reason: finish }], usage });
    const wire: SSEEvent[] = [
      { data: chunk({ role: "assistant", content: "" }, null) },
      ...Array.from({ length: 5 }, (_, i) => ({ data: chunk({ content: `w${i}` }, null) })),
      { data: chunk({ tool_calls: [{ index: 0, id: "call_1", type: "function", function: { name: "f", arguments: "" } }] }, null) },
      { data: chunk({ tool_calls: [{ index: 0, function: { arguments: "{}" } }] }, null) },
      { data: chunk({}, "stop") },
      { data: chunk({}, null, { prompt_tokens: 3, completion_tokens: 6, total_tokens: 9 }) },
      { data: "[DONE]" },
    ];
    const full = decodeAll(ADAPTERS["openai-chat"].streamDecoder(), wire);
    const tapped = decodeAll(ADAPTERS["openai-chat"].streamTap!(), wire);
    expect(outcome(tapped)).toEqual(outcome(full));
    expect(outcome(tapped).decisive.at(-1)).toMatchObject({ type: "finish", reason: "tool_calls", usage: { inputTokens: 3, outputTokens: 6 } });
    // Past the first word, only the first tool call, the finish and the usage were decoded.
    expect(tapped.filter((e) => e.type === "block_delta").length).toBeLessThan(full.filter((e) => e.type === "block_delta").length);
  });
});
