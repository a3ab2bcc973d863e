/** Anthropic Messages SSE ⇄ IR stream events. */
import type { StreamDecoder, StreamEncoder } from "../adapter";
import { badUpstream, emptyUsage, signatureForClient, type IRBlock, type IRDelta, type IRSignature, type IRStreamEvent, type IRUsage } from "../ir";
import { EventKind } from "../event-shape";
import { asObject, asString, isObject, jsonStringBetween, own, parseJSON, type JSONObject } from "../json";
import { sseFrame, type SSEEvent } from "../sse";
import { toolUseIdOf } from "./content";
import { errorObjectOf, errorOf } from "./errors";
import { anthropicSignature, finishOf, irUsageOf, messageIdOf, nowSeconds, stopReasonOf, wireUsageOf } from "./wire";

type Phase = "before" | "message" | "done";

interface OpenBlock {
  wireIndex: number;
  irIndex: number;
  kind: IRBlock["type"];
  hasArguments: boolean;
}

/** Which block kind each wire delta belongs to; deltas of other kinds (citations) are dropped. */
const KIND_OF_DELTA: Record<string, IRBlock["type"]> = {
  text_delta: "text",
  thinking_delta: "thinking",
  signature_delta: "thinking",
  input_json_delta: "tool_call",
};

const text = (v: unknown): string => asString(v) ?? "";

/** Every top-level key the decoder reads of a content_block_delta. */
const DELTA_KEYS_READ = new Set(["type", "index", "delta"]);
/** Text deltas, read by their shape (see event-shape.ts): their text and index. */
const TEXT_DELTAS = new EventKind([["delta", "text"], ["index"]], DELTA_KEYS_READ);

/**
 * A state machine over upstream events: message_start, then blocks one at a time, message_delta
 * (stop reason, cumulative usage), message_stop. Pings and unknown event types are skipped, as
 * are blocks the IR cannot carry (server tools).
 */
export class AnthropicStreamDecoder implements StreamDecoder {
  private phase: Phase = "before";
  private open: OpenBlock | undefined;
  private nextIndex = 0;
  private usage: JSONObject = {};
  private stopReason: unknown = null;
  private readonly textShape = TEXT_DELTAS.inStream();

  push(event: SSEEvent): IRStreamEvent[] {
    if (this.phase === "done") return [];
    if (this.phase === "message") {
      const read = this.textShape.match(event.data);
      if (read !== undefined)
        return this.open?.kind === "text" && read[1] === this.open.wireIndex ? this.emit({ type: "text", text: read[0] as string }) : [];
    }
    const data = parseJSON(event.data);
    if (!isObject(data)) return this.fail("upstream sent a stream event that is not a JSON object");
    const type = typeof data.type === "string" ? data.type : event.event;
    if (type === "ping") return [];
    if (type === "error") {
      this.phase = "done";
      return [{ type: "error", error: errorOf(data) ?? badUpstream("upstream stream error").ir }];
    }
    if (this.phase === "before") {
      return type === "message_start" ? this.start(data) : this.fail("upstream stream did not begin with message_start");
    }
    switch (type) {
      case "content_block_start":
        return this.blockStart(data);
      case "content_block_delta":
        if (asObject(data.delta).type === "text_delta") this.textShape.learn(event.data, data);
        return this.blockDelta(data);
      case "content_block_stop":
        return data.index === this.open?.wireIndex ? this.closeBlock() : [];
      case "message_delta":
        return this.messageDelta(data);
      case "message_stop": {
        const out = this.closeBlock();
        this.phase = "done";
        out.push({ type: "finish", reason: finishOf(this.stopReason), usage: irUsageOf(this.usage) });
        return out;
      }
      default:
        return [];
    }
  }

  end(): IRStreamEvent[] {
    return this.phase === "done" ? [] : this.fail("upstream stream ended before message_stop");
  }

  private fail(message: string): IRStreamEvent[] {
    this.phase = "done";
    return [{ type: "error", error: badUpstream(message).ir }];
  }

  private start(data: JSONObject): IRStreamEvent[] {
    this.phase = "message";
    const message = asObject(data.message);
    const out: IRStreamEvent[] = [
      { type: "start", id: text(message.id), model: text(message.model), created: nowSeconds() },
    ];
    if (isObject(message.usage)) {
      this.usage = { ...message.usage };
      out.push({ type: "usage", usage: irUsageOf(this.usage) });
    }
    return out;
  }

  private blockStart(data: JSONObject): IRStreamEvent[] {
    const out = this.closeBlock();
    const block = asObject(data.content_block);
    const initial: IRDelta[] = [];
    let irBlock: IRBlock;
    if (block.type === "text") {
      irBlock = { type: "text" };
      initial.push({ type: "text", text: text(block.text) });
    } else if (block.type === "thinking") {
      irBlock = { type: "thinking" };
      initial.push({ type: "thinking", text: text(block.thinking) });
      if (text(block.signature)) initial.push({ type: "signature", signature: anthropicSignature(text(block.signature)) });
    } else if (block.type === "redacted_thinking") {
      irBlock = { type: "thinking", redacted: true };
      initial.push({ type: "signature", signature: anthropicSignature(text(block.data)) });
    } else if (block.type === "tool_use") {
      irBlock = { type: "tool_call", id: text(block.id), name: text(block.name) };
      // The API starts with `input: {}` and streams the arguments; some compatible servers send them here.
      if (isObject(block.input) && Object.keys(block.input).length > 0) {
        initial.push({ type: "arguments", json: JSON.stringify(block.input) });
      }
    } else {
      return out;
    }
    const irIndex = this.nextIndex++;
    this.open = { wireIndex: data.index as number, irIndex, kind: irBlock.type, hasArguments: false };
    out.push({ type: "block_start", index: irIndex, block: irBlock });
    for (const delta of initial) out.push(...this.emit(delta));
    return out;
  }

  private blockDelta(data: JSONObject): IRStreamEvent[] {
    const delta = asObject(data.delta);
    if (!this.open || data.index !== this.open.wireIndex || own(KIND_OF_DELTA, delta.type) !== this.open.kind) return [];
    switch (delta.type) {
      case "text_delta":
        return this.emit({ type: "text", text: text(delta.text) });
      case "thinking_delta":
        return this.emit({ type: "thinking", text: text(delta.thinking) });
      case "signature_delta":
        return this.emit({ type: "signature", signature: anthropicSignature(text(delta.signature)) });
      default:
        return this.emit({ type: "arguments", json: text(delta.partial_json) });
    }
  }

  /** Emits a delta of the open block; empty ones are dropped. */
  private emit(delta: IRDelta): IRStreamEvent[] {
    const value = delta.type === "signature" ? delta.signature.value : delta.type === "arguments" ? delta.json : delta.text;
    if (!this.open || value === "") return [];
    if (delta.type === "arguments") this.open.hasArguments = true;
    return [{ type: "block_delta", index: this.open.irIndex, delta }];
  }

  private closeBlock(): IRStreamEvent[] {
    if (!this.open) return [];
    const out: IRStreamEvent[] = [];
    // A call without arguments still carries valid JSON.
    if (this.open.kind === "tool_call" && !this.open.hasArguments) out.push(...this.emit({ type: "arguments", json: "{}" }));
    out.push({ type: "block_stop", index: this.open.irIndex });
    this.open = undefined;
    return out;
  }

  private messageDelta(data: JSONObject): IRStreamEvent[] {
    const delta = asObject(data.delta);
    if (typeof delta.stop_reason === "string") this.stopReason = delta.stop_reason;
    if (!isObject(data.usage)) return [];
    // Counts in message_delta are cumulative; fields left out or null keep their earlier value.
    for (const [key, value] of Object.entries(data.usage)) if (value !== null) this.usage[key] = value;
    return [{ type: "usage", usage: irUsageOf(this.usage) }];
  }
}

/** What follows a text delta's text. */
const TEXT_DELTA_CLOSE = '"}}\n\n';

/** One event, named by its `type`, which leads its data. */
const frame = (data: { type: string } & JSONObject): string => sseFrame(JSON.stringify(data), data.type);

/**
 * Writes the exact sequence strict clients expect: message_start before any block, each block
 * closed before the next (indices renumbered from 0), then message_delta and message_stop — or
 * an `error` event. message_start waits for the next IR event so that usage reported right after
 * `start` (Anthropic upstreams report input counts there) lands in it.
 */
export class AnthropicStreamEncoder implements StreamEncoder {
  private phase: Phase = "before";
  private message = { id: "", model: "" };
  /** The IR block being written; `wireIndex` is unset while a redacted block waits for its data. */
  private open: { irIndex: number; wireIndex?: number; redacted: boolean; textOpen?: string } | undefined;
  private nextIndex = 0;

  push(event: IRStreamEvent): string {
    if (this.phase === "done") return "";
    switch (event.type) {
      case "start":
        this.message = { id: event.id, model: event.model };
        return "";
      case "usage":
        return this.phase === "before" ? this.messageStart(event.usage) : "";
      case "block_start":
        return this.ensureStarted() + this.closeBlock() + this.blockStart(event.block, event.index);
      case "block_delta":
        return event.index === this.open?.irIndex ? this.blockDelta(event.delta) : "";
      case "block_stop":
        return event.index === this.open?.irIndex ? this.closeBlock() : "";
      case "finish": {
        const head = this.ensureStarted() + this.closeBlock();
        this.phase = "done";
        return (
          head +
          frame({
            type: "message_delta",
            delta: { stop_reason: stopReasonOf(event.reason), stop_sequence: null },
            usage: wireUsageOf(event.usage),
          }) +
          frame({ type: "message_stop" })
        );
      }
      case "error":
        this.phase = "done";
        return frame({ type: "error", error: errorObjectOf(event.error) });
    }
  }

  private ensureStarted(): string {
    return this.phase === "before" ? this.messageStart(emptyUsage()) : "";
  }

  private messageStart(usage: IRUsage): string {
    this.phase = "message";
    return frame({
      type: "message_start",
      message: {
        id: messageIdOf(this.message.id),
        type: "message",
        role: "assistant",
        model: this.message.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: wireUsageOf(usage),
      },
    });
  }

  /**
   * Opens a block. A redacted one waits for its data, which Anthropic sends in the start event; a
   * signed call (Gemini's) first gets a thinking block carrying its signature, as in encodeParts.
   */
  private blockStart(block: IRBlock, irIndex: number): string {
    if (block.type === "thinking" && block.redacted) {
      this.open = { irIndex, redacted: true };
      return "";
    }
    const carrier = block.type === "tool_call" && block.signature ? this.carrier(block.signature) : "";
    const contentBlock =
      block.type === "text"
        ? { type: "text", text: "" }
        : block.type === "thinking"
          ? { type: "thinking", thinking: "", signature: "" }
          : { type: "tool_use", id: toolUseIdOf(block.id), name: block.name, input: {} };
    return carrier + this.startWire(irIndex, contentBlock);
  }

  private carrier(signature: IRSignature): string {
    return (
      this.startWire(-1, { type: "thinking", thinking: "", signature: "" }) +
      this.blockDelta({ type: "signature", signature }) +
      this.closeBlock()
    );
  }

  private startWire(irIndex: number, contentBlock: JSONObject, redacted = false): string {
    const wireIndex = this.nextIndex++;
    this.open = { irIndex, wireIndex, redacted };
    return frame({ type: "content_block_start", index: wireIndex, content_block: contentBlock });
  }

  private blockDelta(delta: IRDelta): string {
    const open = this.open!;
    // The bulk of a stream, written around its text: the same bytes as `frame` would write.
    if (delta.type === "text" && open.wireIndex !== undefined) {
      open.textOpen ??= `event: content_block_delta\ndata: {"type":"content_block_delta","index":${open.wireIndex},"delta":{"type":"text_delta","text":"`;
      return jsonStringBetween(open.textOpen, delta.text, TEXT_DELTA_CLOSE);
    }
    let wire: JSONObject;
    if (delta.type === "text") wire = { type: "text_delta", text: delta.text };
    else if (delta.type === "thinking") wire = { type: "thinking_delta", thinking: delta.text };
    else if (delta.type === "arguments") wire = { type: "input_json_delta", partial_json: delta.json };
    else {
      const value = signatureForClient("anthropic", delta.signature, open.redacted);
      if (open.redacted) return open.wireIndex === undefined ? this.startWire(open.irIndex, { type: "redacted_thinking", data: value }, true) : "";
      wire = { type: "signature_delta", signature: value };
    }
    return open.wireIndex === undefined ? "" : frame({ type: "content_block_delta", index: open.wireIndex, delta: wire });
  }

  private closeBlock(): string {
    const wireIndex = this.open?.wireIndex;
    this.open = undefined;
    return wireIndex === undefined ? "" : frame({ type: "content_block_stop", index: wireIndex });
  }
}
