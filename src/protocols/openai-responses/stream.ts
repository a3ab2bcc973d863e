/**
 * Responses SSE ⇄ IR stream events.
 *
 * Decoder: a state machine over the semantic events. Every output item becomes IR blocks
 * (message content part → text, reasoning → thinking with its encrypted content as the signature,
 * function_call → tool_call); a block is also opened lazily when an upstream skips the `added`
 * events, and whole values from `.done` events fill in when no delta came. `response.completed`
 * and `response.incomplete` finish; an `error` event or `response.failed` is an IR error; a stream
 * that closes before either is an IR error too.
 *
 * Encoder: the exact event sequence of the reference, numbered by `sequence_number`. An IR error
 * becomes an `error` event (the SDK-typed in-band error) followed by `response.failed`, so a
 * client such as Codex always sees a terminal lifecycle event. Given the client's request, a call
 * to a namespaced tool names its namespace, and a call to a freeform tool is a `custom_tool_call`
 * whose text streams as `response.custom_tool_call_input` events.
 */
import type { StreamDecoder, StreamEncoder } from "../adapter";
import type { IRBlock, IRDelta, IRError, IRFinishReason, IRRequest, IRStreamEvent, IRTool, IRUsage } from "../ir";
import { EventKind } from "../event-shape";
import { asArray, asNumber, asObject, asString, isObject, jsonString, parseJSON, type JSONObject } from "../json";
import { sseFrame, type SSEEvent } from "../sse";
import { decodeInbandError, MODEL_FAILED, wireErrorOf } from "./errors";
import { FreeformStream, freeformInput } from "./freeform";
import {
  clientEncrypted,
  clientName,
  clientTool,
  customToolCallItem,
  decodeUsage,
  finishOf,
  functionCallItem,
  itemId,
  messageItem,
  outputText,
  reasoningItem,
  reasoningText,
  responseId,
  responseObject,
  statusOf,
  upstreamSignature,
  type ResponseShell,
} from "./items";
import { decodeOutputItem } from "./response";

const TRUNCATED: IRError = {
  status: 502,
  kind: "server_error",
  message: "upstream stream closed before response.completed",
};

/** The top-level keys the decoder reads of a text delta; the rest (sequence number, item id, padding) may differ from event to event. */
const DELTA_KEYS_READ = new Set(["type", "delta", "response"]);
/** `response.output_text.delta` events, read by their shape (see event-shape.ts): their delta. */
const TEXT_DELTAS = new EventKind([["delta"]], DELTA_KEYS_READ);

interface OpenBlock {
  index: number;
  type: IRBlock["type"];
  /** Whether a content delta was emitted, so a `.done` event's whole value is not repeated. */
  emitted: boolean;
}

export class ResponsesStreamDecoder implements StreamDecoder {
  private started = false;
  private finished = false;
  private nextIndex = 0;
  private open: OpenBlock | undefined;
  /** Whether the current output item produced any block (a message may arrive only whole in `.done`). */
  private itemHadBlock = false;
  private sawToolCall = false;
  private readonly textShape = TEXT_DELTAS.inStream();

  push(event: SSEEvent): IRStreamEvent[] {
    if (this.finished) return [];
    if (this.started) {
      const read = this.textShape.match(event.data);
      if (read !== undefined) {
        const out: IRStreamEvent[] = [];
        this.delta(out, "text", { type: "text", text: read[0] as string });
        return out;
      }
    }
    const data = parseJSON(event.data);
    if (!isObject(data)) return this.fail({ ...TRUNCATED, message: "upstream sent an SSE event that is not a JSON object" });
    const type = asString(data.type) ?? event.event ?? "";
    if (type === "error") return this.fail(decodeInbandError(data));

    const out: IRStreamEvent[] = [];
    this.start(out, asObject(data.response));
    if (type === "response.output_text.delta") this.textShape.learn(event.data, data);
    switch (type) {
      case "response.output_item.added":
        this.itemAdded(out, asObject(data.item));
        break;
      case "response.content_part.added":
        if (asObject(data.part).type === "output_text" || asObject(data.part).type === "refusal") this.openBlock(out, { type: "text" });
        break;
      case "response.output_text.delta":
      case "response.refusal.delta":
        this.delta(out, "text", { type: "text", text: asString(data.delta) ?? "" });
        break;
      case "response.output_text.done":
      case "response.refusal.done":
        this.fillIn(out, "text", { type: "text", text: asString(data.text) ?? asString(data.refusal) ?? "" });
        break;
      case "response.content_part.done":
        if (this.open?.type === "text") this.closeBlock(out);
        break;
      case "response.reasoning_summary_part.added":
        // Summary parts join with a blank line, as in the non-stream decoding.
        if (asNumber(data.summary_index) > 0) this.delta(out, "thinking", { type: "thinking", text: "\n\n" });
        break;
      case "response.reasoning_summary_text.delta":
      case "response.reasoning_text.delta":
        this.delta(out, "thinking", { type: "thinking", text: asString(data.delta) ?? "" });
        break;
      case "response.function_call_arguments.delta":
        if (this.open?.type === "tool_call") this.delta(out, "tool_call", { type: "arguments", json: asString(data.delta) ?? "" });
        break;
      case "response.function_call_arguments.done":
        this.fillIn(out, "tool_call", { type: "arguments", json: asString(data.arguments) || "{}" });
        break;
      case "response.output_item.done":
        this.itemDone(out, asObject(data.item));
        break;
      case "response.completed":
      case "response.incomplete":
      case "response.failed":
        this.terminal(out, type, asObject(data.response));
        break;
    }
    return out;
  }

  end(): IRStreamEvent[] {
    return this.finished ? [] : this.fail(TRUNCATED);
  }

  private fail(error: IRError): IRStreamEvent[] {
    this.finished = true;
    return [{ type: "error", error }];
  }

  private start(out: IRStreamEvent[], response: JSONObject) {
    if (this.started) return;
    this.started = true;
    out.push({ type: "start", id: asString(response.id) ?? "", model: asString(response.model) ?? "", created: asNumber(response.created_at) });
  }

  private openBlock(out: IRStreamEvent[], block: IRBlock) {
    this.closeBlock(out);
    this.open = { index: this.nextIndex++, type: block.type, emitted: false };
    this.itemHadBlock = true;
    out.push({ type: "block_start", index: this.open.index, block });
  }

  private closeBlock(out: IRStreamEvent[]) {
    if (!this.open) return;
    out.push({ type: "block_stop", index: this.open.index });
    this.open = undefined;
  }

  /** Emits into the open block of that type, opening a text or thinking block if none is. */
  private delta(out: IRStreamEvent[], type: IRBlock["type"], delta: IRDelta) {
    if (this.open?.type !== type) {
      if (type === "tool_call") return;
      this.openBlock(out, { type } as IRBlock);
    }
    const open = this.open!;
    if (delta.type !== "signature") open.emitted = true;
    out.push({ type: "block_delta", index: open.index, delta });
  }

  /**
   * A whole value from a `.done` event, used only when no delta carried it: into the open block
   * of that type, or as a block of its own when the current item produced none yet.
   */
  private fillIn(out: IRStreamEvent[], type: IRBlock["type"], delta: IRDelta) {
    if ((delta.type === "text" || delta.type === "thinking") && delta.text === "") return;
    if (this.open?.type === type) {
      if (!this.open.emitted) this.delta(out, type, delta);
    } else if (type !== "tool_call" && !this.itemHadBlock) this.delta(out, type, delta);
  }

  private itemAdded(out: IRStreamEvent[], item: JSONObject) {
    this.closeBlock(out);
    this.itemHadBlock = false;
    if (item.type === "reasoning") this.openBlock(out, { type: "thinking" });
    else if (item.type === "function_call") {
      this.sawToolCall = true;
      this.openBlock(out, { type: "tool_call", id: asString(item.call_id) ?? "", name: asString(item.name) ?? "" });
      // Some compatible upstreams send the whole arguments already in the added item.
      if (asString(item.arguments)) this.delta(out, "tool_call", { type: "arguments", json: asString(item.arguments)! });
    }
  }

  private itemDone(out: IRStreamEvent[], item: JSONObject) {
    if (item.type === "reasoning") {
      if (this.open?.type !== "thinking") this.openBlock(out, { type: "thinking" });
      this.fillIn(out, "thinking", { type: "thinking", text: reasoningText(item) });
      const signature = upstreamSignature(item.encrypted_content);
      if (signature) this.delta(out, "thinking", { type: "signature", signature });
    } else if (item.type === "function_call") {
      if (this.open?.type !== "tool_call") {
        this.sawToolCall = true;
        this.openBlock(out, { type: "tool_call", id: asString(item.call_id) ?? "", name: asString(item.name) ?? "" });
      }
      this.fillIn(out, "tool_call", { type: "arguments", json: asString(item.arguments) || "{}" });
    } else if (item.type === "message") this.fillIn(out, "text", { type: "text", text: texts(item) });
    this.closeBlock(out);
  }

  private terminal(out: IRStreamEvent[], type: string, response: JSONObject) {
    this.closeBlock(out);
    this.finished = true;
    if (type === "response.failed") {
      out.push({ type: "error", error: decodeInbandError(response.error) });
      return;
    }
    const status = asString(response.status) ?? type.slice("response.".length);
    const toolCalls = this.sawToolCall || asArray(response.output).some((item) => asObject(item).type === "function_call");
    out.push({
      type: "finish",
      reason: finishOf(status, asObject(response.incomplete_details).reason, toolCalls),
      usage: decodeUsage(response.usage),
    });
  }
}

const texts = (item: JSONObject): string =>
  decodeOutputItem(item)
    .map((part) => (part.type === "text" ? part.text : ""))
    .join("");

interface OpenItem {
  type: IRBlock["type"];
  id: string;
  outputIndex: number;
  /** The text, thinking or arguments accumulated so far. */
  text: string;
  callId: string;
  name: string;
  /** The client's declaration of the called tool. */
  tool?: IRTool;
  /** A freeform call's text, read from its arguments as they stream. */
  freeform?: FreeformStream;
  encrypted?: string;
  redacted: boolean;
  summaryOpen: boolean;
  /** A text delta event's text after its delta, up to its sequence number. */
  textDeltaTail?: string;
}

export class ResponsesStreamEncoder implements StreamEncoder {
  private sequence = 0;
  private shell: ResponseShell | undefined;
  private output: unknown[] = [];
  private item: OpenItem | undefined;
  private finished = false;

  constructor(private readonly request?: IRRequest) {}

  push(event: IRStreamEvent): string {
    if (this.finished) return "";
    switch (event.type) {
      case "start":
        return this.start({ id: responseId(event.id), model: event.model, created: event.created });
      case "block_start":
        return this.ensureStarted() + this.closeItem() + this.openItem(event.block);
      case "block_delta":
        return this.delta(event.delta);
      case "block_stop":
        return this.closeItem();
      case "usage":
        return "";
      case "finish":
        return this.ensureStarted() + this.closeItem() + this.finish(event.reason, event.usage);
      case "error":
        return this.ensureStarted() + this.fail(event.error);
    }
  }

  private frame(type: string, payload: JSONObject): string {
    return sseFrame(JSON.stringify({ type, ...payload, sequence_number: this.sequence++ }), type);
  }

  private start(shell: ResponseShell): string {
    if (this.shell) return "";
    this.shell = shell;
    const response = responseObject(shell, "in_progress", [], null);
    return this.frame("response.created", { response }) + this.frame("response.in_progress", { response });
  }

  /** An IR stream that skipped `start` still gets a well-formed Responses stream. */
  private ensureStarted(): string {
    return this.shell ? "" : this.start({ id: "resp_unknown", model: "", created: 0 });
  }

  private openItem(block: IRBlock): string {
    // Function call items have no field for a signature: it goes in a reasoning item before the call.
    if (block.type === "tool_call" && block.signature) {
      const { signature, ...call } = block;
      return this.openItem({ type: "thinking" }) + this.delta({ type: "signature", signature }) + this.closeItem() + this.openItem(call);
    }
    const outputIndex = this.output.length;
    const tool = block.type === "tool_call" ? clientTool(this.request, block.name) : undefined;
    const prefix = block.type === "text" ? "msg" : block.type === "thinking" ? "rs" : tool?.freeform ? "ctc" : "fc";
    const item: OpenItem = {
      type: block.type,
      id: itemId(prefix, this.shell!.id, outputIndex),
      outputIndex,
      text: "",
      callId: block.type === "tool_call" ? block.id : "",
      name: block.type === "tool_call" ? block.name : "",
      tool,
      freeform: tool?.freeform ? new FreeformStream() : undefined,
      redacted: block.type === "thinking" && block.redacted === true,
      summaryOpen: false,
    };
    this.item = item;
    const at = { output_index: outputIndex };
    if (block.type === "thinking") return this.frame("response.output_item.added", { item: reasoningItem(item.id, ""), ...at });
    if (block.type === "tool_call") {
      const added = item.freeform
        ? customToolCallItem(item.id, item.callId, item.name, "", "in_progress", tool)
        : functionCallItem(item.id, item.callId, item.name, "", "in_progress", tool);
      return this.frame("response.output_item.added", { item: added, ...at });
    }
    return (
      this.frame("response.output_item.added", { item: messageItem(item.id, undefined, "in_progress"), ...at }) +
      this.frame("response.content_part.added", { content_index: 0, item_id: item.id, ...at, part: outputText("") })
    );
  }

  private delta(delta: IRDelta): string {
    const item = this.item;
    if (!item) return "";
    const at = { item_id: item.id, output_index: item.outputIndex };
    if (delta.type === "signature") {
      item.encrypted = clientEncrypted(delta.signature, item.redacted);
      return "";
    }
    if (delta.type === "text" && item.type === "text") {
      item.text += delta.text;
      // The bulk of a stream, written around its text: the same bytes as `frame` would write.
      item.textDeltaTail ??= `,${JSON.stringify(at).slice(1, -1)},"logprobs":[],"sequence_number":`;
      return `event: response.output_text.delta\ndata: {"type":"response.output_text.delta","content_index":0,"delta":${jsonString(delta.text)}${item.textDeltaTail}${this.sequence++}}\n\n`;
    }
    if (delta.type === "arguments" && item.type === "tool_call") {
      item.text += delta.json;
      if (!item.freeform) return this.frame("response.function_call_arguments.delta", { delta: delta.json, ...at });
      const text = item.freeform.push(delta.json);
      return text === "" ? "" : this.frame("response.custom_tool_call_input.delta", { delta: text, ...at });
    }
    if (delta.type === "thinking" && item.type === "thinking") {
      item.text += delta.text;
      const part = item.summaryOpen
        ? ""
        : this.frame("response.reasoning_summary_part.added", { ...at, part: { type: "summary_text", text: "" }, summary_index: 0 });
      item.summaryOpen = true;
      return part + this.frame("response.reasoning_summary_text.delta", { delta: delta.text, ...at, summary_index: 0 });
    }
    return "";
  }

  private closeItem(): string {
    const item = this.item;
    if (!item) return "";
    this.item = undefined;
    const at = { item_id: item.id, output_index: item.outputIndex };
    let frames = "";
    let done: unknown;
    if (item.type === "text") {
      frames =
        this.frame("response.output_text.done", { content_index: 0, ...at, logprobs: [], text: item.text }) +
        this.frame("response.content_part.done", { content_index: 0, ...at, part: outputText(item.text) });
      done = messageItem(item.id, item.text, "completed");
    } else if (item.type === "thinking") {
      if (item.summaryOpen) {
        const part = { type: "summary_text", text: item.text };
        frames =
          this.frame("response.reasoning_summary_text.done", { ...at, summary_index: 0, text: item.text }) +
          this.frame("response.reasoning_summary_part.done", { ...at, part, summary_index: 0 });
      }
      done = reasoningItem(item.id, item.text, item.encrypted);
    } else if (item.freeform) {
      // What the streamed arguments did not give as text yet (all of it, when they were not `{"input": …}`).
      const input = freeformInput(item.text || "{}");
      const rest = input.startsWith(item.freeform.text) ? input.slice(item.freeform.text.length) : "";
      if (rest !== "") frames = this.frame("response.custom_tool_call_input.delta", { delta: rest, ...at });
      frames += this.frame("response.custom_tool_call_input.done", { input, ...at });
      done = customToolCallItem(item.id, item.callId, item.name, input, "completed", item.tool);
    } else {
      const args = item.text || "{}";
      frames = this.frame("response.function_call_arguments.done", { arguments: args, ...at, name: clientName(item.name, item.tool).name });
      done = functionCallItem(item.id, item.callId, item.name, args, "completed", item.tool);
    }
    this.output.push(done);
    return frames + this.frame("response.output_item.done", { item: done, output_index: item.outputIndex });
  }

  private finish(reason: IRFinishReason, usage: IRUsage): string {
    const { status, incomplete } = statusOf(reason);
    if (status === "failed") return this.fail(MODEL_FAILED);
    this.finished = true;
    const response = responseObject(this.shell!, status, this.output, usage, null, incomplete);
    return this.frame(`response.${status}`, { response });
  }

  private fail(error: IRError): string {
    this.finished = true;
    const wire = wireErrorOf(error);
    const response = responseObject(this.shell!, "failed", this.output, null, wire);
    return (
      this.frame("error", { code: wire.code, message: wire.message, param: null }) +
      this.frame("response.failed", { response })
    );
  }
}
