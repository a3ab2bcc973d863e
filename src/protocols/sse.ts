/** Server-sent events: an incremental parser with a size bound, and the matching writer. */

export interface SSEEvent {
  event?: string;
  data: string;
  id?: string;
}

export class SSETooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`upstream SSE event exceeds ${limit} bytes`);
  }
}

const COLON = 58;
const LF = 10;
const SPACE = 32;

/**
 * Parses an SSE byte stream chunk by chunk (WHATWG rules: CRLF, LF or CR line ends, comment
 * lines, multi-line data joined with "\n", one optional space after the colon). An event that
 * grows past `maxEventSize` characters throws `SSETooLargeError` instead of growing memory.
 */
export class SSEParser {
  private readonly decoder = new TextDecoder();
  /** The text of a line not yet ended, in pieces, so that a long line is joined only once. */
  private pending: string[] = [];
  private pendingSize = 0;
  private data: string | undefined;
  private dataSize = 0;
  private event: string | undefined;
  private id: string | undefined;
  /** The last chunk ended in a CR: an LF that starts the next one belongs to it. */
  private afterCR = false;
  /** The object `each` gives every event in. */
  private readonly scratch: SSEEvent = { data: "", event: undefined, id: undefined };

  constructor(private readonly maxEventSize = 4 * 1024 * 1024) {}

  push(chunk: Uint8Array | string): SSEEvent[] {
    const out: SSEEvent[] = [];
    this.each(chunk, (event) => out.push(copyOf(event)));
    return out;
  }

  /**
   * `push` without the array: `onEvent` gets each event as it completes, in one object reused for
   * every event of the parser (valid during the call only), as this runs for every event relayed.
   */
  each(chunk: Uint8Array | string, onEvent: (event: SSEEvent) => void) {
    let text = typeof chunk === "string" ? chunk : this.decoder.decode(chunk, { stream: true });
    // The last chunk ended in a CR, which ended its line then: an LF now is that line end's second half.
    if (this.afterCR && text !== "") {
      this.afterCR = false;
      if (text.charCodeAt(0) === LF) text = text.slice(1);
    }
    if (text.indexOf("\n") === -1 && text.indexOf("\r") === -1) {
      if (text !== "") this.pending.push(text);
      this.pendingSize += text.length;
    } else {
      const rest = text.slice(this.lines(text, onEvent, this.pendingSize > 0 ? this.endPending(text, onEvent) : 0));
      this.pending = rest === "" ? [] : [rest];
      this.pendingSize = rest.length;
    }
    if (this.pendingSize + this.dataSize > this.maxEventSize) throw new SSETooLargeError(this.maxEventSize);
  }

  /** Flushes a last event that the upstream did not terminate with a blank line. */
  end(): SSEEvent[] {
    const out: SSEEvent[] = [];
    this.endEach((event) => out.push(copyOf(event)));
    return out;
  }

  /** `end`, as `each` gives events. */
  endEach(onEvent: (event: SSEEvent) => void) {
    const buffer = this.pending.join("");
    const start = this.lines(buffer, onEvent);
    if (start < buffer.length) this.line(buffer, start, buffer.length, onEvent);
    this.pending = [];
    this.pendingSize = 0;
    this.afterCR = false;
    this.dispatch(onEvent);
  }

  /**
   * Ends the line begun in earlier chunks with the first line end in `text` (which has one), joining
   * only that line rather than the whole chunk to it; returns where the next line starts in `text`.
   */
  private endPending(text: string, onEvent: (event: SSEEvent) => void): number {
    const lf = text.indexOf("\n");
    const cr = text.indexOf("\r");
    const end = cr !== -1 && (lf === -1 || cr < lf) ? cr : lf;
    const next = end === cr && lf === cr + 1 ? cr + 2 : end + 1;
    // A CR last in the chunk ends its line now, as in lines().
    if (end === cr && next === text.length) this.afterCR = true;
    const line = this.pending.join("") + text.slice(0, end);
    this.line(line, 0, line.length, onEvent);
    return next;
  }

  /** Handles each ended line of `buffer` from `start`; returns where the unended rest starts. */
  private lines(buffer: string, onEvent: (event: SSEEvent) => void, start = 0): number {
    // Each search resumes past the line just read, so a chunk is scanned once per kind of line end.
    let lf = buffer.indexOf("\n", start);
    let cr = buffer.indexOf("\r", start);
    while (lf !== -1 || cr !== -1) {
      let end: number;
      let next: number;
      if (cr !== -1 && (lf === -1 || cr < lf)) {
        end = cr;
        next = lf === cr + 1 ? cr + 2 : cr + 1;
        // A CR last in the chunk ends its line now, so an event it ends is not held back.
        if (next === buffer.length && lf !== cr + 1) this.afterCR = true;
      } else {
        end = lf;
        next = lf + 1;
      }
      this.line(buffer, start, end, onEvent);
      start = next;
      if (lf !== -1 && lf < start) lf = buffer.indexOf("\n", start);
      if (cr !== -1 && cr < start) cr = buffer.indexOf("\r", start);
    }
    return start;
  }

  /** The line `buffer[start, end)`. */
  private line(buffer: string, start: number, end: number, onEvent: (event: SSEEvent) => void) {
    if (start === end) return this.dispatch(onEvent);
    if (buffer.charCodeAt(start) === COLON) return;
    let colon = buffer.indexOf(":", start);
    if (colon === -1 || colon > end) colon = end;
    let valueStart = colon < end ? colon + 1 : end;
    if (valueStart < end && buffer.charCodeAt(valueStart) === SPACE) valueStart++;
    const field = colon - start;
    if (field === 4 && buffer.startsWith("data", start)) {
      const value = buffer.slice(valueStart, end);
      this.data = this.data === undefined ? value : this.data + "\n" + value;
      this.dataSize += value.length + 1;
      if (this.dataSize > this.maxEventSize) throw new SSETooLargeError(this.maxEventSize);
    } else if (field === 5 && buffer.startsWith("event", start)) this.event = buffer.slice(valueStart, end);
    else if (field === 2 && buffer.startsWith("id", start)) this.id = buffer.slice(valueStart, end);
  }

  private dispatch(onEvent: (event: SSEEvent) => void) {
    if (this.data !== undefined) {
      const scratch = this.scratch;
      scratch.data = this.data;
      scratch.event = this.event;
      scratch.id = this.id;
      onEvent(scratch);
      // A value sliced from a chunk's text keeps all of that text alive: the parser holds none between events.
      scratch.data = "";
      scratch.event = scratch.id = undefined;
    }
    this.data = undefined;
    this.dataSize = 0;
    this.event = undefined;
  }
}

/** An event of its own, with only the fields it has. */
function copyOf(scratch: SSEEvent): SSEEvent {
  const ev: SSEEvent = { data: scratch.data };
  if (scratch.event !== undefined) ev.event = scratch.event;
  if (scratch.id !== undefined) ev.id = scratch.id;
  return ev;
}

const LINE_BREAK = /\r\n|\r|\n/;

/** One SSE frame. `data` is usually JSON text; line breaks in it (CRLF, CR or LF) become separate data lines. */
export function sseFrame(data: string, event?: string): string {
  const body = data.includes("\n") || data.includes("\r") ? data.split(LINE_BREAK).join("\ndata: ") : data;
  return event === undefined ? `data: ${body}\n\n` : `event: ${event}\ndata: ${body}\n\n`;
}
