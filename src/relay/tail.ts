/**
 * The unread bytes of a stream relayed unchanged. A pass-through relay reads a stream event by
 * event only until it opens; after that it forwards the bytes unread and keeps just enough to
 * read the end: whole events, at least `keep` bytes of them, and always the last one whatever
 * its size, since every format sends its usage, its finish and a terminal error last. An event
 * still open that grows past `maxEventSize` fails as the SSE parser would.
 */
import { SSETooLargeError } from "../protocols/sse";

const BLANK_LF = Buffer.from("\n\n");
const BLANK_CRLF = Buffer.from("\r\n\r\n");
const NOTHING = new Uint8Array(0);

const buffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** Where the first event that ends in `bytes` ends (past its blank line, LF or CRLF), or -1. */
function firstEventEnd(bytes: Uint8Array): number {
  const b = buffer(bytes);
  const lf = b.indexOf(BLANK_LF);
  const crlf = b.indexOf(BLANK_CRLF);
  if (lf === -1) return crlf === -1 ? -1 : crlf + 4;
  return crlf === -1 ? lf + 2 : Math.min(lf + 2, crlf + 4);
}

/** Where the last event that ends in `bytes` ends, or -1. */
function lastEventEnd(bytes: Uint8Array): number {
  const b = buffer(bytes);
  const lf = b.lastIndexOf(BLANK_LF);
  const crlf = b.lastIndexOf(BLANK_CRLF);
  return Math.max(lf === -1 ? -1 : lf + 2, crlf === -1 ? -1 : crlf + 4);
}

export class StreamTail {
  private chunks: Uint8Array[] = [];
  /** Stream offsets: of chunks[0][0], past the last byte received, and where the kept bytes start (an event's start). */
  private first = 0;
  private end = 0;
  private from = 0;
  /** Stream offsets where kept events end: the last one in each chunk that has one, in order. */
  private eventEnds: number[] = [];
  private previous: Uint8Array = NOTHING;

  constructor(
    private readonly keep: number,
    private readonly maxEventSize: number,
  ) {}

  add(chunk: Uint8Array) {
    if (chunk.length === 0) return;
    const start = this.end;
    this.chunks.push(chunk);
    this.end += chunk.length;
    let ends = lastEventEnd(chunk);
    // A blank line split between this chunk and the one before.
    if (ends === -1) {
      const before = this.previous.subarray(Math.max(0, this.previous.length - 3));
      const across = lastEventEnd(Buffer.concat([before, chunk.subarray(0, 3)]));
      if (across > before.length) ends = across - before.length;
    }
    this.previous = chunk;
    if (ends !== -1) this.eventEnds.push(start + ends);
    if (this.end - (this.eventEnds.at(-1) ?? this.from) > this.maxEventSize) throw new SSETooLargeError(this.maxEventSize);
  }

  /** The first whole event kept, taken out; empty when none has ended yet. */
  takeEvent(): Uint8Array {
    if (this.eventEnds.length === 0) return NOTHING;
    const kept = this.kept();
    const ends = firstEventEnd(kept);
    return ends === -1 ? NOTHING : this.take(kept, this.from, this.from + ends);
  }

  /**
   * The end of what was received, taken out: the events in its last `keep` bytes, from the start
   * of the first of them, up to the last whole event, or with the event begun when `begun`. What
   * comes before them is dropped unread.
   */
  takeEnd(begun: boolean): Uint8Array {
    const to = begun ? this.end : (this.eventEnds.at(-1) ?? this.from);
    if (to <= this.from) return NOTHING;
    const kept = this.kept();
    const limit = to - this.keep - this.from;
    const start = limit <= 0 ? 0 : Math.max(0, lastEventEnd(kept.subarray(0, limit)));
    return this.take(kept.subarray(start), this.from + start, to);
  }

  /** Forgets the events before the last `keep` bytes of whole events; never the last event. */
  trim() {
    const limit = this.end - this.keep;
    let n = 0;
    while (n < this.eventEnds.length && this.eventEnds[n] <= limit) n++;
    if (n > 0) this.forget(this.eventEnds[n - 1]);
  }

  /** The bytes kept, from `from` to the end. */
  private kept(): Uint8Array {
    const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
    return all.subarray(this.from - this.first);
  }

  /** `bytes`, which start at stream offset `at`, up to stream offset `to`; then forgets up to `to`. */
  private take(bytes: Uint8Array, at: number, to: number): Uint8Array {
    this.forget(to);
    return bytes.subarray(0, to - at);
  }

  private forget(to: number) {
    this.from = to;
    while (this.eventEnds.length > 0 && this.eventEnds[0] <= to) this.eventEnds.shift();
    while (this.chunks.length > 0 && this.first + this.chunks[0].length <= to) this.first += this.chunks.shift()!.length;
  }
}
