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

  constructor(private readonly maxEventSize = 4 * 1024 * 1024) {}

  push(chunk: Uint8Array | string): SSEEvent[] {
    let text = typeof chunk === "string" ? chunk : this.decoder.decode(chunk, { stream: true });
    const out: SSEEvent[] = [];
    // The last chunk ended in a CR, which ended its line then: an LF now is that line end's second half.
    if (this.afterCR && text !== "") {
      this.afterCR = false;
      if (text.charCodeAt(0) === LF) text = text.slice(1);
    }
    if (text.indexOf("\n") === -1 && text.indexOf("\r") === -1) {
      if (text !== "") this.pending.push(text);
      this.pendingSize += text.length;
    } else {
      const buffer = this.pendingSize > 0 ? this.pending.join("") + text : text;
      const rest = buffer.slice(this.lines(buffer, out));
      this.pending = rest === "" ? [] : [rest];
      this.pendingSize = rest.length;
    }
    if (this.pendingSize + this.dataSize > this.maxEventSize) throw new SSETooLargeError(this.maxEventSize);
    return out;
  }

  /** Flushes a last event that the upstream did not terminate with a blank line. */
  end(): SSEEvent[] {
    const out: SSEEvent[] = [];
    const buffer = this.pending.join("");
    const start = this.lines(buffer, out);
    if (start < buffer.length) this.line(buffer, start, buffer.length, out);
    this.pending = [];
    this.pendingSize = 0;
    this.afterCR = false;
    this.dispatch(out);
    return out;
  }

  /** Handles each ended line of `buffer`; returns where the unended rest starts. */
  private lines(buffer: string, out: SSEEvent[]): number {
    let start = 0;
    // Each search resumes past the line just read, so a chunk is scanned once per kind of line end.
    let lf = buffer.indexOf("\n");
    let cr = buffer.indexOf("\r");
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
      this.line(buffer, start, end, out);
      start = next;
      if (lf !== -1 && lf < start) lf = buffer.indexOf("\n", start);
      if (cr !== -1 && cr < start) cr = buffer.indexOf("\r", start);
    }
    return start;
  }

  /** The line `buffer[start, end)`. */
  private line(buffer: string, start: number, end: number, out: SSEEvent[]) {
    if (start === end) return this.dispatch(out);
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

  private dispatch(out: SSEEvent[]) {
    if (this.data !== undefined) {
      const ev: SSEEvent = { data: this.data };
      if (this.event !== undefined) ev.event = this.event;
      if (this.id !== undefined) ev.id = this.id;
      out.push(ev);
    }
    this.data = undefined;
    this.dataSize = 0;
    this.event = undefined;
  }
}

const LINE_BREAK = /\r\n|\r|\n/;

/** One SSE frame. `data` is usually JSON text; line breaks in it (CRLF, CR or LF) become separate data lines. */
export function sseFrame(data: string, event?: string): string {
  const body = data.includes("\n") || data.includes("\r") ? data.split(LINE_BREAK).join("\ndata: ") : data;
  return event === undefined ? `data: ${body}\n\n` : `event: ${event}\ndata: ${body}\n\n`;
}
