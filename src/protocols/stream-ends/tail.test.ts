import { describe, expect, test } from "bun:test";
import { SSEParser, SSETooLargeError } from "../sse";
import { StreamTail } from "./tail";

const bytes = new TextEncoder();
const text = new TextDecoder();
const event = (i: number, size = 40) => `data: {"n":${i},"pad":"${"x".repeat(size)}"}\n\n`;

describe("stream tail", () => {
  test("the end read is the events in the last `keep` bytes, from the start of the first of them", () => {
    const tail = new StreamTail(500, 1 << 20);
    for (let i = 0; i < 1000; i++) {
      tail.add(bytes.encode(event(i)));
      tail.trim();
    }
    const end = text.decode(tail.takeEnd(true));
    expect(end.startsWith("data: ")).toBe(true);
    expect(end.endsWith(event(999))).toBe(true);
    expect(end.length).toBeGreaterThanOrEqual(500);
    expect(end.length).toBeLessThan(500 + event(0).length);
  });

  test("one large chunk: only its end is read", () => {
    const tail = new StreamTail(500, 1 << 20);
    const all = Array.from({ length: 1000 }, (_, i) => event(i)).join("");
    tail.add(bytes.encode(all + 'data: {"n":1000'));
    const whole = text.decode(tail.takeEnd(false));
    expect(whole.endsWith(event(999))).toBe(true);
    expect(whole.length).toBeLessThan(500 + event(0).length);
    tail.add(bytes.encode("}\n\n"));
    expect(text.decode(tail.takeEnd(true))).toBe('data: {"n":1000}\n\n');
  });

  test("the last event is read whole however large, and a blank line split between chunks still ends an event", () => {
    const tail = new StreamTail(100, 1 << 20);
    const wire = bytes.encode([event(1), event(2), event(3, 5000), event(4, 5000)].join(""));
    for (let at = 0; at < wire.length; at += 7) {
      tail.add(wire.subarray(at, at + 7));
      tail.trim();
    }
    expect(text.decode(tail.takeEnd(true))).toBe(event(4, 5000));
  });

  test("the end read has the same events however the stream was cut into chunks, for each kind of line end", () => {
    for (const eol of ["\n", "\r\n", "\r"]) {
      const events = Array.from({ length: 60 }, (_, i) => event(i, (i * 37) % 300).replaceAll("\n", eol));
      const wire = bytes.encode(events.join("") + 'data: {"n":60');
      const read = (size: number, begun: boolean) => {
        const tail = new StreamTail(500, 1 << 20);
        for (let at = 0; at < wire.length; at += size) {
          tail.add(wire.subarray(at, at + size));
          tail.trim();
        }
        const parser = new SSEParser(1 << 20);
        return [...parser.push(tail.takeEnd(begun)), ...parser.end()];
      };
      for (const begun of [false, true]) {
        const whole = read(wire.length, begun);
        expect(whole.at(-1)!.data).toBe(begun ? '{"n":60' : JSON.stringify({ n: 59, pad: "x".repeat((59 * 37) % 300) }));
        expect(whole.length).toBeGreaterThan(2);
        for (const size of [1, 2, 7, 64, 499, 500, 501, 2048, 4000]) expect(read(size, begun)).toEqual(whole);
      }
    }
  });

  test("events one at a time, LF or CRLF; the event begun stays", () => {
    const tail = new StreamTail(1 << 20, 1 << 20);
    const crlf = (s: string) => s.replaceAll("\n", "\r\n");
    tail.add(bytes.encode(event(1) + crlf(event(2)) + 'data: {"n":3'));
    expect(text.decode(tail.takeEvent())).toBe(event(1));
    expect(text.decode(tail.takeEvent())).toBe(crlf(event(2)));
    expect(text.decode(tail.takeEvent())).toBe("");
    tail.add(bytes.encode("}\n"));
    tail.add(bytes.encode("\n"));
    expect(text.decode(tail.takeEvent())).toBe('data: {"n":3}\n\n');
  });

  test("an event past maxEventSize throws, open or ended, whole in one chunk or across several", () => {
    const open = new StreamTail(100, 4096);
    open.add(bytes.encode(event(1)));
    expect(() => {
      for (let i = 0; i < 10; i++) open.add(bytes.encode("x".repeat(1000)));
    }).toThrow(SSETooLargeError);
    const whole = new StreamTail(100, 4096);
    expect(() => whole.add(bytes.encode(event(1) + event(2, 5000) + event(3)))).toThrow(SSETooLargeError);
    const across = new StreamTail(100, 4096);
    const wire = bytes.encode(event(1) + event(2, 3000) + event(3, 3000));
    for (let at = 0; at < wire.length; at += 1000) across.add(wire.subarray(at, at + 1000));
    expect(text.decode(across.takeEnd(true))).toBe(event(3, 3000));
    expect(() => across.add(bytes.encode(event(4, 5000)))).toThrow(SSETooLargeError);
  });
});

describe("SSE line endings per spec in the stream tail", () => {
  const framings = { CR: "\r", LF: "\n", CRLF: "\r\n" };
  for (const [name, eol] of Object.entries(framings))
    test(`an event framed by ${name} line ends is taken as soon as it ends, whole or split anywhere`, () => {
      const wire = `data: {"n":1}${eol}${eol}data: {"n":2}${eol}${eol}`;
      for (let cut = 1; cut < wire.length; cut++) {
        const tail = new StreamTail(100, 1 << 20);
        tail.add(bytes.encode(wire.slice(0, cut)));
        tail.add(bytes.encode(wire.slice(cut)));
        // What comes of the blank line's possibly split CRLF is the line end's second half: nothing.
        expect(text.decode(tail.takeEvent()).trim()).toBe('data: {"n":1}');
        expect(text.decode(tail.takeEvent()).trim()).toBe('data: {"n":2}');
      }
    });

  test("a line end of CR then LF is one line end, not the blank line that ends an event", () => {
    const tail = new StreamTail(100, 1 << 20);
    tail.add(bytes.encode('data: {"n":1}\r\ndata: more\r\n'));
    expect(tail.takeEvent().length).toBe(0);
    tail.add(bytes.encode("\r\n"));
    expect(text.decode(tail.takeEvent())).toBe('data: {"n":1}\r\ndata: more\r\n\r\n');
  });
});
