import { describe, expect, test } from "bun:test";
import { SSEParser, SSETooLargeError, sseFrame } from "./sse";

const parseAll = (chunks: string[], max?: number) => {
  const parser = new SSEParser(max);
  return [...chunks.flatMap((c) => parser.push(new TextEncoder().encode(c))), ...parser.end()];
};

describe("SSE parser", () => {
  test("events, names, ids, comments and multi-line data", () => {
    expect(parseAll([": keep-alive\n", "event: message_start\nid: 7\ndata: {\"a\":1}\n\n", "data: line one\ndata: line two\n\n"])).toEqual([
      { event: "message_start", id: "7", data: '{"a":1}' },
      // The last event id carries over to later events, as the WHATWG rules say.
      { id: "7", data: "line one\nline two" },
    ]);
  });

  test("CRLF, CR and LF line ends, split anywhere, including between CR and LF", () => {
    const text = "data: a\r\n\r\ndata: b\r\rdata: c\n\n";
    const expected = [{ data: "a" }, { data: "b" }, { data: "c" }];
    for (let cut = 0; cut <= text.length; cut++) expect(parseAll([text.slice(0, cut), text.slice(cut)])).toEqual(expected);
  });

  test("a stream cut in three anywhere reads the same, by push or by each, for each kind of line end", () => {
    for (const eol of ["\n", "\r\n", "\r"]) {
      // A byte order mark first, a comment, names, ids, multi-line data, an event ended only by the stream's end.
      const wire = new TextEncoder().encode(
        "\uFEFF" + [": hi", "event: a", "id: 1", "data: {\"x\":1}", "", "data: one", "data:two", "", "", "data: é✓", "", "event: b", "data: last"].join(eol),
      );
      const expected = [{ event: "a", id: "1", data: '{"x":1}' }, { id: "1", data: "one\ntwo" }, { id: "1", data: "é✓" }, { id: "1", event: "b", data: "last" }];
      for (let a = 0; a <= wire.length; a += 1)
        for (let b = a; b <= wire.length; b += 3) {
          const pieces = [wire.subarray(0, a), wire.subarray(a, b), wire.subarray(b)];
          const pushed = new SSEParser();
          expect([...pieces.flatMap((p) => pushed.push(p)), ...pushed.end()]).toEqual(expected);
          const each = new SSEParser();
          const seen: unknown[] = [];
          const copy = (e: { data: string; event?: string; id?: string }) => seen.push({ ...e });
          for (const p of pieces) each.each(p, copy);
          each.endEach(copy);
          expect(seen).toEqual(expected);
        }
    }
  });

  test("a multi-byte character split across chunks survives", () => {
    const bytes = new TextEncoder().encode("data: héllo ✓\n\n");
    const parser = new SSEParser();
    const events = [...parser.push(bytes.slice(0, 9)), ...parser.push(bytes.slice(9, 15)), ...parser.push(bytes.slice(15))];
    expect(events).toEqual([{ data: "héllo ✓" }]);
  });

  test("field without a space, field without a colon, and an unterminated last event", () => {
    expect(parseAll(["data:x\n", "data\n\n", "event: end\ndata: last"])).toEqual([{ data: "x\n" }, { event: "end", data: "last" }]);
    // A CR held back in case an LF follows still ends the line when the stream ends.
    expect(parseAll(["data: a\r"])).toEqual([{ data: "a" }]);
  });

  test("a line that arrives in many chunks is joined whole", () => {
    const pieces = ["da", "ta: ", ..."x".repeat(20), "\r", "\n", "\r\n"];
    expect(parseAll(pieces)).toEqual([{ data: "x".repeat(20) }]);
    expect(() => parseAll(["data: ", ..."x".repeat(60)], 50)).toThrow(SSETooLargeError);
  });

  test("an event past the size bound throws instead of growing", () => {
    expect(() => parseAll(["data: " + "x".repeat(100) + "\n\n"], 50)).toThrow(SSETooLargeError);
    expect(() => parseAll(["data: " + "x".repeat(100)], 50)).toThrow(SSETooLargeError);
    expect(() => parseAll(["data: " + "x".repeat(30) + "\n", "data: " + "y".repeat(30) + "\n\n"], 50)).toThrow(SSETooLargeError);
    expect(parseAll(["data: " + "x".repeat(40) + "\n\n"], 50)).toEqual([{ data: "x".repeat(40) }]);
  });

  test("frames round-trip through the parser", () => {
    expect(sseFrame('{"x":1}', "ping")).toBe('event: ping\ndata: {"x":1}\n\n');
    expect(parseAll([sseFrame("a\nb"), sseFrame("[DONE]")])).toEqual([{ data: "a\nb" }, { data: "[DONE]" }]);
  });
});

describe("SSE line endings per spec", () => {
  test("an event ended by a CR last in a chunk is dispatched at once, and the LF that may follow is not another line", () => {
    const parser = new SSEParser();
    expect(parser.push("data: a\r\r")).toEqual([{ data: "a" }]);
    expect(parser.push("\ndata: b\r\n")).toEqual([]);
    expect(parser.push("\r")).toEqual([{ data: "b" }]);
    expect(parser.push("\n")).toEqual([]);
    expect(parser.end()).toEqual([]);
  });

  test("the writer splits data lines on CRLF, CR and LF alike", () => {
    const frame = sseFrame("one\r\ntwo\rthree\nfour");
    expect(frame).toBe("data: one\ndata: two\ndata: three\ndata: four\n\n");
    expect(parseAll([frame])).toEqual([{ data: "one\ntwo\nthree\nfour" }]);
  });
});
