/**
 * The unread bytes of a stream relayed unchanged. A pass-through relay reads a stream event by
 * event only until it opens; after that it forwards the bytes unread and keeps just enough to
 * read the end: whole events, at least `keep` bytes of them, and always the last one whatever
 * its size, since every format sends its usage, its finish and a terminal error last. An event
 * larger than `maxEventSize`, ended or not, fails as the SSE parser would fail it.
 */
import { SSETooLargeError } from "../sse";

const LF = 10;
const CR = 13;
const NOTHING = new Uint8Array(0);

/** The byte at `i` in `bytes`, read on into the end of `before` for an `i` below 0. */
const byteAt = (bytes: Uint8Array, before: Uint8Array, i: number): number | undefined => (i < 0 ? before[before.length + i] : bytes[i]);

/**
 * Whether an event ends just past the line end at `i` (SSE ends lines with CRLF, LF or CR; an
 * event ends at a blank line): the byte at `i` ends a line that is empty. A CR followed by an LF
 * ends nothing, the LF does; a CR last in what was received ends its line, and an LF that may
 * follow it later is an empty line that dispatches nothing. Bytes before `bytes` are `before`'s.
 * Plain functions of the bytes, no closures: this runs for every chunk a pass-through relays.
 */
function blankLineAt(bytes: Uint8Array, i: number, before: Uint8Array = NOTHING): boolean {
  const byte = byteAt(bytes, before, i);
  if (byte === CR && byteAt(bytes, before, i + 1) === LF) return false;
  const previous = byteAt(bytes, before, byte === LF && byteAt(bytes, before, i - 1) === CR ? i - 2 : i - 1);
  return previous === LF || previous === CR;
}

/** Where the first event that ends in `bytes` ends (past its blank line), or -1. */
function firstEventEnd(bytes: Uint8Array): number {
  // Two searches, one per line end byte; on an LF-only stream the CR one finds nothing at once.
  let lf = bytes.indexOf(LF, 1);
  let cr = bytes.indexOf(CR, 1);
  while (lf !== -1 || cr !== -1) {
    const i = cr === -1 || (lf !== -1 && lf < cr) ? lf : cr;
    if (blankLineAt(bytes, i)) return i + 1;
    if (i === lf) lf = bytes.indexOf(LF, i + 1);
    else cr = bytes.indexOf(CR, i + 1);
  }
  return -1;
}

/** Where the last event that ends in `bytes` ends, or -1. */
function lastEventEnd(bytes: Uint8Array): number {
  let lf = bytes.lastIndexOf(LF);
  let cr = bytes.lastIndexOf(CR);
  while (lf > 0 || cr > 0) {
    const i = Math.max(lf, cr);
    if (blankLineAt(bytes, i)) return i + 1;
    if (i === lf) lf = lf > 0 ? bytes.lastIndexOf(LF, i - 1) : -1;
    else cr = cr > 0 ? bytes.lastIndexOf(CR, i - 1) : -1;
  }
  return -1;
}

/** Where an event ends at the start of `chunk` by a blank line begun in `previous`, or -1. */
function endAcross(previous: Uint8Array, chunk: Uint8Array): number {
  for (let i = 0; i < 2 && i < chunk.length; i++) if ((chunk[i] === LF || chunk[i] === CR) && blankLineAt(chunk, i, previous)) return i + 1;
  return -1;
}

export class StreamTail {
  private chunks: Uint8Array[] = [];
  /** Stream offsets: of chunks[0][0], past the last byte received, and where the kept bytes start (an event's start). */
  private first = 0;
  private end = 0;
  private from = 0;
  /** Stream offsets where kept events end: the last one in each chunk that has one, in order. */
  private eventEnds: number[] = [];
  /** Stream offset where the last event that ended, ended: what follows it is the event begun. */
  private lastBoundary = 0;
  private previous: Uint8Array = NOTHING;

  constructor(
    private readonly keep: number,
    private readonly maxEventSize: number,
  ) {}

  /** Stream offset where the last event that ended, ended. */
  get ended(): number {
    return this.lastBoundary;
  }

  add(chunk: Uint8Array) {
    if (chunk.length === 0) return;
    const start = this.end;
    this.chunks.push(chunk);
    this.end += chunk.length;
    // A blank line split between this chunk and the one before ends an event at this chunk's start.
    const across = endAcross(this.previous, chunk);
    let firstEnd = across !== -1 ? across : firstEventEnd(chunk);
    const lastEnd = Math.max(firstEnd, lastEventEnd(chunk));
    this.previous = chunk;
    if (lastEnd === -1) return this.bound(this.end - this.lastBoundary);
    // Every event that ended in this chunk, within the bound: scanned one by one only in a chunk
    // larger than the bound, the only kind that can hold a whole event past it.
    this.bound(start + firstEnd - this.lastBoundary);
    if (chunk.length > this.maxEventSize)
      for (let next = firstEventEnd(chunk.subarray(firstEnd)); next !== -1; next = firstEventEnd(chunk.subarray(firstEnd))) {
        this.bound(next);
        firstEnd += next;
      }
    this.lastBoundary = start + lastEnd;
    this.eventEnds.push(this.lastBoundary);
    this.bound(this.end - this.lastBoundary);
  }

  private bound(eventSize: number) {
    if (eventSize > this.maxEventSize) throw new SSETooLargeError(this.maxEventSize);
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
    const limit = to - this.keep;
    const { bytes, at } = limit <= this.from ? this.keptFrom(this.from) : this.eventsFrom(limit);
    return this.take(bytes, at, to);
  }

  /**
   * The kept bytes from the end of the last event that ends before stream offset `limit` (or from
   * `from`), and that offset. Looked for first in the chunk that holds `limit` and those after
   * it, which mostly have it, so the chunks before are not joined for nothing.
   */
  private eventsFrom(limit: number): { bytes: Uint8Array; at: number } {
    let kept = this.keptFrom(limit);
    let end = lastEventEnd(kept.bytes.subarray(0, limit - kept.at));
    if (end === -1 && kept.at > this.from) {
      kept = this.keptFrom(this.from);
      end = lastEventEnd(kept.bytes.subarray(0, limit - kept.at));
    }
    return end === -1 ? kept : { bytes: kept.bytes.subarray(end), at: kept.at + end };
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
    return this.keptFrom(this.from).bytes;
  }

  /** The bytes kept from the start of the chunk that holds stream offset `offset` (never before `from`), and the stream offset where they start. */
  private keptFrom(offset: number): { bytes: Uint8Array; at: number } {
    let i = 0;
    let chunkStart = this.first;
    while (i < this.chunks.length - 1 && chunkStart + this.chunks[i]!.length <= offset) chunkStart += this.chunks[i++]!.length;
    const at = Math.max(chunkStart, this.from);
    const all = i === this.chunks.length - 1 ? this.chunks[i]! : Buffer.concat(this.chunks.slice(i));
    return { bytes: all.subarray(at - chunkStart), at };
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
