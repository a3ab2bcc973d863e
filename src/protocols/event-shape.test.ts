import { describe, expect, test } from "bun:test";
import { EventShape, type JSONPath } from "./event-shape";

const CONTENT: JSONPath = ["choices", 0, "delta", "content"];
const READ_KEYS = new Set(["error", "choices", "usage"]);

/** An OpenAI chat chunk as OpenAI writes it: ids, model and padding around one text delta. */
const chunk = (content: string, extra: object = {}) =>
  JSON.stringify({
    id: "chatcmpl-1",
    object: "chat.completion.chunk",
    created: 1767225600,
    model: "gpt-4o",
    choices: [{ index: 0, delta: { content }, logprobs: null, finish_reason: null }],
    ...extra,
  });

const learn = (text: string, read: JSONPath[] = [CONTENT], keys = READ_KEYS) => EventShape.learn(text, JSON.parse(text), read, keys);
const shape = learn(chunk("Hello"))!;

describe("EventShape.match", () => {
  test("reads the open value of an event of the learned shape, as JSON.parse does", () => {
    for (const content of ["", " world", "a b c", "日本語", "emoji 🐙 pair", "<>&'", "x".repeat(5000)])
      expect(shape.match(chunk(content))).toEqual([content]);
  });

  test("escapes are decoded exactly: quotes, backslashes, control characters, \\u escapes and surrogate pairs", () => {
    const cases = ['say "hi"', "back\\slash", "line\nbreak\ttab\r", "\u0000\u001f", "\u2028\u2029", "🐙", "\ud83d", "\\u0041"];
    for (const content of cases) expect(shape.match(chunk(content))).toEqual([content]);
    // Escapes JSON.stringify would not write, still valid JSON: read as JSON.parse reads them.
    const text = chunk("X").replace('"content":"X"', '"content":"\\u0041\\/\\ud83d\\udc19\\b\\f"');
    expect(shape.match(text)).toEqual([JSON.parse(text).choices[0].delta.content]);
  });

  test("a text of megabytes is read whole, plain or with an escape every few characters (an SSE event may hold 4 MB)", () => {
    for (const content of ["x".repeat(4_000_000), "a\nb".repeat(1_000_000)]) expect(shape.match(chunk(content))?.[0] === content).toBe(true);
  });

  test("an invalid string is no match: bad escapes, raw control characters, an unterminated text", () => {
    const good = chunk("X");
    for (const bad of ['"\\x41"', '"\\u12"', '"\\u12G4"', '"a\nb"', '"a\tb"', '"\\'])
      expect(shape.match(good.replace('"X"', bad))).toBeUndefined();
    expect(shape.match(good.slice(0, good.indexOf('"X"') + 2))).toBeUndefined();
    expect(shape.match(good.slice(0, -1))).toBeUndefined();
  });

  test("unread ids, counters and padding may change; everything else must stay as learned", () => {
    expect(shape.match(chunk("a", { id: "chatcmpl-2" }))).toEqual(["a"]);
    const other = chunk("a").replace('"chatcmpl-1"', '"other \\"id\\""').replace("1767225600", "-1.5e3").replace('"gpt-4o"', '"m"');
    expect(shape.match(other)).toEqual(["a"]);
    expect(shape.match(chunk("a").replace("1767225600", "017"))).toBeUndefined(); // not a JSON number
    expect(shape.match(chunk("a").replace('"gpt-4o"', "null"))).toBeUndefined(); // a string became null
  });

  test("fields in another order, extra or missing fields, whitespace and other values are no match", () => {
    const variants = [
      JSON.stringify({ object: "chat.completion.chunk", id: "chatcmpl-1", created: 1767225600, model: "gpt-4o", choices: [{ index: 0, delta: { content: "a" }, logprobs: null, finish_reason: null }] }),
      chunk("a", { usage: null }),
      chunk("a").replace('"logprobs":null,', ""),
      chunk("a").replace('"finish_reason":null', '"finish_reason":"stop"'),
      chunk("a").replace('{"content":"a"}', '{"content":"a","refusal":"no"}'),
      chunk("a").replace('{"content":"a"}', '{"content":"a","content":"b"}'),
      chunk("a").replace('"index":0', '"index":1'),
      chunk("a").replace(",", ", "),
      chunk("a") + " ",
      " " + chunk("a"),
      "[DONE]",
      "",
    ];
    for (const text of variants) expect(shape.match(text)).toBeUndefined();
  });

  test("an open string value cannot swallow structure: an unescaped quote ends it", () => {
    const text = chunk("X").replace('"X"', '"a","refusal":"b"');
    expect(JSON.parse(text).choices[0].delta).toEqual({ content: "a", refusal: "b" });
    expect(shape.match(text)).toBeUndefined();
  });

  test("a padding field that changes every event (OpenAI's obfuscation) is read past", () => {
    const padded = learn(chunk("a", { obfuscation: "xYz" }))!;
    expect(padded.match(chunk("hello", { obfuscation: "Q" }))).toEqual(["hello"]);
    expect(padded.match(chunk("hello", { obfuscation: "a\\\"b" }))).toEqual(["hello"]);
    expect(padded.match(chunk("hello"))).toBeUndefined();
  });

  test("several read values, numbers among them, come back in the order asked for", () => {
    const event = (index: number, text: string) => JSON.stringify({ type: "content_block_delta", index, delta: { type: "text_delta", text } });
    const two = learn(event(0, "a"), [["delta", "text"], ["index"]], new Set(["type", "index", "delta"]))!;
    expect(two.match(event(3, "b"))).toEqual(["b", 3]);
    expect(two.match(event(12, "c\"d"))).toEqual(['c"d', 12]);
    expect(two.match(event(0, "x").replace('"type":"text_delta"', '"type":"thinking_delta"'))).toBeUndefined();
  });
});

describe("EventShape.learn", () => {
  test("only from text JSON.stringify would write: whitespace, other escapes or duplicate keys learn nothing", () => {
    const text = chunk("a");
    expect(learn(text.replace(",", ", "))).toBeUndefined();
    expect(learn(text.replace('"a"', '"\\u0061"'))).toBeUndefined();
    expect(learn(text.replace('"delta":{', '"delta":{"content":"x",'))).toBeUndefined();
  });

  test("a read path that does not lead to a string or number learns nothing", () => {
    expect(learn(chunk("a"), [["choices", 0, "delta"]])).toBeUndefined();
    expect(learn(chunk("a"), [["choices", 1, "delta", "content"]])).toBeUndefined();
    expect(learn(chunk("a"), [["nothing", "here"]])).toBeUndefined();
  });

  test("a value that looks like an open value's stand-in learns nothing rather than cutting in the wrong place", () => {
    const keys = new Set([...READ_KEYS, "system_fingerprint"]);
    expect(learn(chunk("a", { system_fingerprint: "\u0000open0" }), [CONTENT], keys)).toBeUndefined();
    expect(learn(chunk("a", { system_fingerprint: 'x"\u0000open0' }), [CONTENT], keys)).toBeUndefined();
    const near = learn(chunk("a", { system_fingerprint: "\u0000open7" }), [CONTENT], keys)!;
    expect(near.match(chunk("b", { system_fingerprint: "\u0000open7" }))).toEqual(["b"]);
  });
});
