/**
 * A relayed stream: primed until the upstream has said something real (so a stream that opens
 * with an error can still fail over), then pumped to the client chunk by chunk, never buffered
 * whole. Idle upstreams, resets and oversized events end the client's stream with a well-formed
 * error event; a client that goes away aborts the upstream request; a server shutting down ends
 * the streams still open with an error event too (503 "server shutting down").
 */
import { emptyUsage, type IRError, type IRStreamEvent, type IRUsage } from "../protocols/ir";
import { SSETooLargeError } from "../protocols/sse";
import type { Clock } from "../clock";
import { irError } from "./errors";
import { asBytes, type StreamTransform } from "./transforms";

export interface StreamEnd {
  usage: IRUsage;
  error?: IRError;
  /** The start of what the client received, when logs capture bodies. */
  captured?: string;
}


export class RelayStream {
  /** What goes to the client next: upstream bytes, or converted text, which the response writes as UTF-8 itself. */
  private pending: (Uint8Array | string)[] = [];
  private usage = emptyUsage();
  private error: IRError | undefined;
  private upstreamDone = false;
  private ended = false;
  /** The upstream's terminal event arrived: a client leaving now (Codex does) lost nothing. */
  private finished = false;
  /** A read of the upstream is pending: only then does the idle timer count. */
  private reading = false;
  /** The idle timer aborted the upstream. */
  private idledOut = false;
  /** The server's shutdown aborted the upstream. */
  private shutDown = false;
  private captured: Uint8Array[] = [];
  private capturedBytes = 0;

  constructor(
    private readonly reader: ReadableStreamDefaultReader<Uint8Array>,
    private readonly transform: StreamTransform,
    private readonly abort: AbortController,
    private readonly idleMs: number,
    private readonly captureLimit: number,
    private readonly onEnd: (end: StreamEnd) => void,
    private readonly clock: Clock,
    /** Aborted when the server stops waiting for open streams at shutdown. */
    private readonly closing?: AbortSignal,
  ) {}

  /**
   * Reads until the first event past `start`, within `timeoutMs`. Returns the error the upstream
   * opened with (nothing has reached the client yet, so the caller may try another channel).
   */
  async prime(timeoutMs: number): Promise<IRError | undefined> {
    const timer = this.clock.setTimeout(() => this.abort.abort(), timeoutMs);
    try {
      for (;;) {
        const { value, done } = await this.reader.read();
        const result = done ? this.transform.end() : this.transform.push(value);
        this.upstreamDone = done;
        this.see(result.events);
        if (result.out.length > 0) this.pending.push(result.out);
        const first = result.events.find((e) => e.type !== "start" && e.type !== "usage");
        if (first?.type === "error") return first.error;
        if (first) return undefined;
        if (done) return irError("server_error", "upstream closed the stream before sending anything", 502);
      }
    } catch (e) {
      const timedOut = this.abort.signal.aborted;
      this.abort.abort();
      if (e instanceof SSETooLargeError) return irError("server_error", e.message, 502);
      return timedOut
        ? irError("timeout", `upstream sent no event within ${Math.round(timeoutMs / 1000)}s`)
        : irError("server_error", "upstream connection failed", 502);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * The client's side: what prime buffered, then the rest as it arrives. A direct stream writes
   * into the response without a JS stream queue in between; awaiting a write holds the upstream
   * back while the client is slow.
   */
  body(): ReadableStream<Uint8Array> {
    const source: Bun.DirectUnderlyingSource<Uint8Array> = {
      type: "direct",
      pull: (client) => this.pump(client),
      cancel: () => {
        this.abort.abort();
        this.see(this.transform.drain());
        this.end(this.finished ? undefined : irError("invalid_request", "client closed the connection", 499));
      },
    };
    // lib.dom's ReadableStream, which the project's types use, does not know Bun's direct sources.
    return new ReadableStream(source as unknown as UnderlyingDefaultSource<Uint8Array>);
  }

  private async pump(client: ReadableStreamDirectController) {
    // One timer for the whole stream, re-armed before each read; it counts only while reading.
    const idle = this.clock.setTimeout(() => {
      if (!this.reading) return;
      this.idledOut = true;
      this.abort.abort();
    }, this.idleMs);
    const shutDown = () => {
      this.shutDown = true;
      this.abort.abort();
    };
    if (this.closing?.aborted) shutDown();
    else this.closing?.addEventListener("abort", shutDown, { once: true });
    try {
      for (;;) {
        for (let chunk = this.pending.shift(); chunk !== undefined; chunk = this.pending.shift()) {
          this.capture(chunk);
          const written = client.write(chunk);
          client.flush();
          if (written instanceof Promise) await written;
        }
        if (this.upstreamDone || this.ended) break;
        idle.refresh();
        await this.readNext();
      }
    } finally {
      clearTimeout(idle);
      this.closing?.removeEventListener("abort", shutDown);
    }
    client.close();
    this.end();
  }

  private async readNext() {
    try {
      this.reading = true;
      const { value, done } = await this.reader.read();
      this.reading = false;
      const result = done ? this.transform.end() : this.transform.push(value);
      this.upstreamDone = done;
      this.see(result.events);
      if (result.out.length > 0) this.pending.push(result.out);
    } catch (e) {
      this.reading = false;
      const error = this.shutDown
        ? irError("overloaded", "server shutting down", 503)
        : this.idledOut
          ? irError("timeout", `upstream stream was idle for ${Math.round(this.idleMs / 1000)}s`)
          : e instanceof SSETooLargeError
          ? irError("server_error", e.message, 502)
          : irError("server_error", "upstream connection lost mid-stream", 502);
      this.abort.abort();
      try {
        this.see(this.transform.drain());
      } catch {
        // What was received is unreadable too: the error below says enough.
      }
      this.error = error;
      this.pending.push(this.transform.fail(error));
      this.upstreamDone = true;
    }
  }

  private see(events: readonly IRStreamEvent[]) {
    for (const e of events) {
      if (e.type === "usage" || e.type === "finish") this.usage = e.usage;
      if (e.type === "finish") this.finished = true;
      else if (e.type === "error") this.error = e.error;
    }
  }

  private capture(chunk: Uint8Array | string) {
    if (this.capturedBytes >= this.captureLimit) return;
    const part = asBytes(chunk).subarray(0, this.captureLimit - this.capturedBytes);
    this.captured.push(part.slice());
    this.capturedBytes += part.length;
  }

  private end(error?: IRError) {
    if (this.ended) return;
    this.ended = true;
    const captured = this.captureLimit > 0 ? Buffer.concat(this.captured).toString("utf8") : undefined;
    this.onEnd({ usage: this.usage, error: error ?? this.error, captured });
  }
}
