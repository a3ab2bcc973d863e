/**
 * `chat.completion.chunk` streams ⇄ IR stream events.
 *
 * Wire order (OpenAI): a first chunk with `delta: {role: "assistant", content: ""}`; content,
 * reasoning and tool-call deltas (a call's `id`, `type` and `function.name` only in its first
 * delta, then `function.arguments` pieces); a chunk with `finish_reason`; with
 * `stream_options.include_usage` a chunk with `choices: []` and `usage`; then `data: [DONE]`.
 * An error is a `data: {"error":{…}}` frame; after it neither side sends `[DONE]`.
 */
import type { StreamDecoder, StreamEncoder } from "../adapter";
import { badUpstream, emptyUsage, type IRDelta, type IRError, type IRRequest, type IRSignature, type IRStreamEvent } from "../ir";
import { EventKind } from "../event-shape";
import { asNumber, asObject, asString, isObject, jsonStringBetween, parseJSON, type JSONObject } from "../json";
import { sseFrame, type SSEEvent } from "../sse";
import { decodeErrorObject, encodeError } from "./errors";
import { decodeFinish, encodeFinish } from "./finish";
import { decodeReasoning, encodeDetail } from "./reasoning";
import { decodeUsage, encodeUsage } from "./usage";

type OpenBlock =
  | { kind: "text" | "thinking" }
  | { kind: "tool"; wireIndex: number; id: string; hasArguments: boolean };

/** The top-level keys the decoder reads once the stream has started; the rest (ids, model, padding) may differ from chunk to chunk. */
const CHUNK_KEYS_READ = new Set(["error", "choices", "usage"]);
/** Text-only chunks, read by their shape (see event-shape.ts): the choice's content. */
const TEXT_CHUNKS = new EventKind([["choices", 0, "delta", "content"]], CHUNK_KEYS_READ);

/**
 * A chunk whose whole effect is its choice's `content` text: no error, usage, finish, reasoning,
 * refusal or tool calls (other fields, such as `role` and `logprobs`, the decoder does not read).
 */
function isTextOnly(chunk: JSONObject, delta: unknown): boolean {
  if (chunk.error != null || isObject(chunk.usage) || !isObject(delta) || typeof delta.content !== "string") return false;
  if (typeof delta.refusal === "string" && delta.refusal !== "") return false;
  return !Array.isArray(delta.tool_calls) && decodeReasoning(delta, "channel").length === 0;
}

/** A state machine over upstream chunks; see the order above and the IR order in ir.ts. */
class ChatStreamDecoder implements StreamDecoder {
  private started = false;
  private done = false;
  private open: OpenBlock | undefined;
  private blockIndex = -1;
  /** The upstream's finish_reason, once a chunk carried one. */
  private wireFinish: unknown;
  private calledTools = false;
  private usage = emptyUsage();
  private readonly textShape = TEXT_CHUNKS.inStream();

  push(event: SSEEvent): IRStreamEvent[] {
    const out: IRStreamEvent[] = [];
    if (this.done) return out;
    if (this.started && this.wireFinish === undefined && event.event !== "error") {
      const read = this.textShape.match(event.data);
      if (read !== undefined) return this.text(read[0] as string, out);
    }
    if (event.data.trim() === "[DONE]")
      return this.started ? this.finish(out) : this.fail(out, badUpstream("upstream stream ended before it started").ir);
    const chunk = parseJSON(event.data);
    if (chunk === undefined) return this.fail(out, badUpstream("upstream stream sent an event that is not JSON").ir);
    if (!isObject(chunk)) return this.fail(out, badUpstream("upstream stream sent an event that is not an object").ir);
    if (chunk.error != null || event.event === "error") return this.fail(out, decodeErrorObject(chunk.error ?? chunk));
    const opening = !this.started;
    if (opening) {
      this.started = true;
      out.push({
        type: "start",
        id: asString(chunk.id) ?? "",
        model: asString(chunk.model) ?? "",
        created: asNumber(chunk.created),
      });
    }
    const choices = Array.isArray(chunk.choices) ? chunk.choices : [];
    const choice = choices.find((c) => isObject(c) && (c.index ?? 0) === 0);
    if (isObject(choice) && this.wireFinish === undefined) {
      if (isObject(choice.delta)) this.delta(choice.delta, out);
      if (choice.finish_reason != null) {
        this.closeBlock(out);
        this.wireFinish = choice.finish_reason;
      } else if (!opening && choice === choices[0] && isTextOnly(chunk, choice.delta)) this.textShape.learn(event.data, chunk);
    }
    if (isObject(chunk.usage)) {
      this.usage = decodeUsage(chunk.usage);
      out.push({ type: "usage", usage: this.usage });
    }
    return out;
  }

  /** What a text-only chunk adds: its `content`, unless empty. */
  private text(content: string, out: IRStreamEvent[]): IRStreamEvent[] {
    if (content !== "") this.add("text", { type: "text", text: content }, out);
    return out;
  }

  end(): IRStreamEvent[] {
    const out: IRStreamEvent[] = [];
    if (this.done) return out;
    // A finish_reason without [DONE] is a complete answer whose trailer was lost.
    return this.wireFinish !== undefined ? this.finish(out) : this.fail(out, badUpstream("upstream stream ended before it finished").ir);
  }

  private delta(d: JSONObject, out: IRStreamEvent[]) {
    for (const t of decodeReasoning(d, "channel")) {
      if (t.redacted && t.signature) {
        this.redacted(t.signature, out);
        continue;
      }
      if (t.text !== "") this.add("thinking", { type: "thinking", text: t.text }, out);
      if (t.signature) this.add("thinking", { type: "signature", signature: t.signature }, out);
    }
    for (const text of [d.content, d.refusal])
      if (typeof text === "string" && text !== "") this.add("text", { type: "text", text }, out);
    if (Array.isArray(d.tool_calls)) d.tool_calls.forEach((c, i) => isObject(c) && this.toolDelta(c, i, out));
  }

  /** Adds a delta to the open text or thinking block, opening one of that kind first if needed. */
  private add(kind: "text" | "thinking", delta: IRDelta, out: IRStreamEvent[]) {
    if (this.open?.kind !== kind) {
      this.closeBlock(out);
      this.open = { kind };
      out.push({ type: "block_start", index: ++this.blockIndex, block: { type: kind } });
    }
    out.push({ type: "block_delta", index: this.blockIndex, delta });
  }

  /** Encrypted reasoning is a redacted thinking block of its own. */
  private redacted(signature: IRSignature, out: IRStreamEvent[]) {
    this.closeBlock(out);
    const index = ++this.blockIndex;
    out.push(
      { type: "block_start", index, block: { type: "thinking", redacted: true } },
      { type: "block_delta", index, delta: { type: "signature", signature } },
      { type: "block_stop", index },
    );
  }

  /**
   * A delta starts a new call when its `index` differs from the open call's, or when it brings
   * a different `id` (some upstreams put every parallel call at index 0).
   */
  private toolDelta(c: JSONObject, position: number, out: IRStreamEvent[]) {
    const wireIndex = typeof c.index === "number" ? c.index : position;
    const f = asObject(c.function);
    const id = typeof c.id === "string" && c.id !== "" ? c.id : undefined;
    let open = this.open?.kind === "tool" && this.open.wireIndex === wireIndex ? this.open : undefined;
    if (open === undefined || (id !== undefined && id !== open.id)) {
      this.closeBlock(out);
      open = { kind: "tool", wireIndex, id: id ?? `call_${wireIndex}`, hasArguments: false };
      this.open = open;
      this.calledTools = true;
      const name = asString(f.name) ?? "";
      out.push({ type: "block_start", index: ++this.blockIndex, block: { type: "tool_call", id: open.id, name } });
    }
    const json = typeof f.arguments === "string" ? f.arguments : f.arguments == null ? "" : JSON.stringify(f.arguments);
    if (json === "") return;
    open.hasArguments = true;
    out.push({ type: "block_delta", index: this.blockIndex, delta: { type: "arguments", json } });
  }

  private closeBlock(out: IRStreamEvent[]) {
    if (this.open === undefined) return;
    if (this.open.kind === "tool" && !this.open.hasArguments)
      out.push({ type: "block_delta", index: this.blockIndex, delta: { type: "arguments", json: "{}" } });
    out.push({ type: "block_stop", index: this.blockIndex });
    this.open = undefined;
  }

  private finish(out: IRStreamEvent[]): IRStreamEvent[] {
    this.closeBlock(out);
    out.push({ type: "finish", reason: decodeFinish(this.wireFinish, this.calledTools), usage: this.usage });
    this.done = true;
    return out;
  }

  private fail(out: IRStreamEvent[], error: IRError): IRStreamEvent[] {
    out.push({ type: "error", error });
    this.done = true;
    return out;
  }
}

/** Writes OpenAI's exact chunk sequence; the usage chunk only when `usage` (the client's `include_usage`). */
class ChatStreamEncoder implements StreamEncoder {
  /** Every chunk's opening, `{"id":…,"object":…,"created":…,"model":…`, written once at start. */
  private envelope = "";
  /** IR block index → wire tool-call index, and whether arguments were sent. */
  private readonly calls = new Map<number, { index: number; hasArguments: boolean }>();
  private readonly redactedBlocks = new Set<number>();
  private closed = false;
  private textHead: string | undefined;
  private textTail: string | undefined;

  constructor(private readonly usage: boolean) {}

  push(event: IRStreamEvent): string {
    if (this.closed) return "";
    switch (event.type) {
      case "start":
        this.envelope = JSON.stringify({ id: event.id, object: "chat.completion.chunk", created: event.created, model: event.model }).slice(0, -1);
        this.textHead = undefined;
        return this.chunk({ role: "assistant", content: "", refusal: null });
      case "block_start": {
        if (event.block.type === "thinking" && event.block.redacted) this.redactedBlocks.add(event.index);
        // A call's signature has no field here: chat clients do not get it.
        if (event.block.type !== "tool_call") return "";
        const index = this.calls.size;
        this.calls.set(event.index, { index, hasArguments: false });
        const { id, name } = event.block;
        return this.chunk({ tool_calls: [{ index, id, type: "function", function: { name, arguments: "" } }] });
      }
      case "block_delta":
        return this.delta(event.index, event.delta);
      case "block_stop": {
        const call = this.calls.get(event.index);
        return call && !call.hasArguments ? this.delta(event.index, { type: "arguments", json: "{}" }) : "";
      }
      case "usage":
        return "";
      case "finish":
        this.closed = true;
        return (
          this.chunk({}, encodeFinish(event.reason)) +
          (this.usage ? `data: ${this.envelope},"choices":[],"usage":${JSON.stringify(encodeUsage(event.usage))}}\n\n` : "") +
          sseFrame("[DONE]")
        );
      case "error":
        this.closed = true;
        return sseFrame(JSON.stringify(encodeError(event.error).body));
    }
  }

  private delta(block: number, d: IRDelta): string {
    switch (d.type) {
      case "text":
        return this.textChunk(d.text);
      case "thinking":
        return this.chunk({ reasoning_content: d.text });
      case "signature": {
        const part = { type: "thinking" as const, text: "", signature: d.signature, redacted: this.redactedBlocks.has(block) };
        return this.chunk({ reasoning_details: [encodeDetail(part, "client")] });
      }
      case "arguments": {
        const call = this.calls.get(block);
        if (call === undefined || d.json === "") return "";
        call.hasArguments = true;
        return this.chunk({ tool_calls: [{ index: call.index, function: { arguments: d.json } }] });
      }
    }
  }

  /**
   * One chunk: its JSON written around the envelope, as this runs for every delta. Asked for usage,
   * OpenAI writes `"usage":null` on every chunk before the usage chunk; not asked, no such field.
   */
  private chunk(delta: JSONObject, finishReason: string | null = null): string {
    return `data: ${this.envelope},"choices":[{"index":0,"delta":${JSON.stringify(delta)},"logprobs":null,"finish_reason":${JSON.stringify(finishReason)}}]${this.usage ? ',"usage":null' : ""}}\n\n`;
  }

  /** `chunk({content: text})`, written around the text from parts made once: the bulk of a stream. */
  private textChunk(text: string): string {
    this.textHead ??= `data: ${this.envelope},"choices":[{"index":0,"delta":{"content":"`;
    this.textTail ??= `"},"logprobs":null,"finish_reason":null}]${this.usage ? ',"usage":null' : ""}}\n\n`;
    return jsonStringBetween(this.textHead, text, this.textTail);
  }
}

export const streamDecoder = (): StreamDecoder => new ChatStreamDecoder();
/** Without the client's request, the usage chunk is sent, as if it had asked. */
export const streamEncoder = (request?: IRRequest): StreamEncoder =>
  new ChatStreamEncoder(request === undefined || request.streamUsage === true);
