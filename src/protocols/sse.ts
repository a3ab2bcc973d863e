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

/**
 * Parses an SSE byte stream chunk by chunk (WHATWG rules: CRLF, LF or CR line ends, comment
 * lines, multi-line data joined with "\n", one optional space after the colon). An event that
 * grows past `maxEventSize` characters throws `SSETooLargeError` instead of growing memory.
 */
export class SSEParser {
  private readonly decoder = new TextDecoder();
  private buffer = "";
  private data: string[] = [];
  private dataSize = 0;
  private event: string | undefined;
  private id: string | undefined;

  constructor(private readonly maxEventSize = 4 * 1024 * 1024) {}

  push(chunk: Uint8Array | string): SSEEvent[] {
    this.buffer += typeof chunk === "string" ? chunk : this.decoder.decode(chunk, { stream: true });
    const out: SSEEvent[] = [];
    let start = 0;
    for (;;) {
      const cr = this.buffer.indexOf("\r", start);
      const lf = this.buffer.indexOf("\n", start);
      let end: number;
      let next: number;
      if (cr === -1 && lf === -1) break;
      if (cr !== -1 && (lf === -1 || cr < lf)) {
        // A CR that ends the buffer may be the first half of a CRLF: wait for more.
        if (cr === this.buffer.length - 1) break;
        end = cr;
        next = this.buffer[cr + 1] === "\n" ? cr + 2 : cr + 1;
      } else {
        end = lf;
        next = lf + 1;
      }
      this.line(this.buffer.slice(start, end), out);
      start = next;
    }
    this.buffer = start === 0 ? this.buffer : this.buffer.slice(start);
    if (this.buffer.length + this.dataSize > this.maxEventSize) throw new SSETooLargeError(this.maxEventSize);
    return out;
  }

  /** Flushes a last event that the upstream did not terminate with a blank line. */
  end(): SSEEvent[] {
    const out: SSEEvent[] = [];
    if (this.buffer.length > 0) this.line(this.buffer, out);
    this.buffer = "";
    this.dispatch(out);
    return out;
  }

  private line(line: string, out: SSEEvent[]) {
    if (line === "") return this.dispatch(out);
    if (line.charCodeAt(0) === 58 /* ":" */) return;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    if (field === "data") {
      this.data.push(value);
      this.dataSize += value.length + 1;
      if (this.dataSize > this.maxEventSize) throw new SSETooLargeError(this.maxEventSize);
    } else if (field === "event") this.event = value;
    else if (field === "id") this.id = value;
  }

  private dispatch(out: SSEEvent[]) {
    if (this.data.length > 0) {
      const ev: SSEEvent = { data: this.data.join("\n") };
      if (this.event !== undefined) ev.event = this.event;
      if (this.id !== undefined) ev.id = this.id;
      out.push(ev);
    }
    this.data = [];
    this.dataSize = 0;
    this.event = undefined;
  }
}

/** One SSE frame. `data` is usually JSON text; line breaks in it become separate data lines. */
export function sseFrame(data: string, event?: string): string {
  const body = data.includes("\n") ? data.split("\n").join("\ndata: ") : data;
  return event === undefined ? `data: ${body}\n\n` : `event: ${event}\ndata: ${body}\n\n`;
}
