/**
 * Wire shapes shared by the non-stream and stream encoders and decoders: the response object,
 * its output items, usage and the status ⇄ finish-reason mapping (one mapping for both paths).
 */
import {
  carryCallSignatures,
  ownName,
  signatureForClient,
  type IRFinishReason,
  type IRPart,
  type IRRequest,
  type IRSignature,
  type IRTool,
  type IRUsage,
} from "../ir";
import { asArray, asNumber, asObject, asString, isObject } from "../json";
import { freeformInput } from "./freeform";

/** Encrypted reasoning as an upstream sends it: a signature only an openai-responses channel can read. */
export const upstreamSignature = (encrypted: unknown): IRSignature | undefined => {
  const value = asString(encrypted);
  return value ? { format: "openai-responses", value } : undefined;
};

/** What a client keeps in `encrypted_content`: every signature, other formats' wrapped. */
export const clientEncrypted = (signature: IRSignature | undefined, redacted = false): string | undefined =>
  signature && signatureForClient("openai-responses", signature, redacted);

/** Wire ids derive from the IR id and the output index, so encoders are deterministic. */
export const responseId = (id: string): string => (id.startsWith("resp_") ? id : `resp_${id}`);
export const itemId = (prefix: "msg" | "rs" | "fc" | "ctc", respId: string, index: number): string =>
  `${prefix}_${respId.slice("resp_".length)}_${index}`;

export function encodeUsage(usage: IRUsage) {
  return {
    input_tokens: usage.inputTokens,
    input_tokens_details: { cached_tokens: usage.cacheReadTokens, cache_write_tokens: usage.cacheWriteTokens },
    output_tokens: usage.outputTokens,
    output_tokens_details: { reasoning_tokens: usage.reasoningTokens },
    total_tokens: usage.inputTokens + usage.outputTokens,
  };
}

/** Responses usage already follows the IR arithmetic: input includes cached, output includes reasoning. */
export function decodeUsage(value: unknown): IRUsage {
  const usage = asObject(value);
  const input = asObject(usage.input_tokens_details);
  return {
    inputTokens: asNumber(usage.input_tokens),
    outputTokens: asNumber(usage.output_tokens),
    cacheReadTokens: asNumber(input.cached_tokens),
    cacheWriteTokens: asNumber(input.cache_write_tokens),
    reasoningTokens: asNumber(asObject(usage.output_tokens_details).reasoning_tokens),
  };
}

export type TerminalStatus = "completed" | "incomplete" | "failed";
export type IncompleteDetails = { reason: "max_output_tokens" | "content_filter" } | null;

export function finishOf(status: unknown, incompleteReason: unknown, hasToolCalls: boolean): IRFinishReason {
  if (status === "failed" || status === "cancelled") return "error";
  if (status === "incomplete") return incompleteReason === "content_filter" ? "content_filter" : "length";
  return hasToolCalls ? "tool_calls" : "stop";
}

export function statusOf(reason: IRFinishReason): { status: TerminalStatus; incomplete: IncompleteDetails } {
  switch (reason) {
    case "length":
    case "context_window":
      return { status: "incomplete", incomplete: { reason: "max_output_tokens" } };
    case "content_filter":
      return { status: "incomplete", incomplete: { reason: "content_filter" } };
    case "error":
      return { status: "failed", incomplete: null };
    default:
      return { status: "completed", incomplete: null };
  }
}

export const outputText = (text: string) => ({ type: "output_text", annotations: [], logprobs: [], text });

/** A message item; `text` undefined gives the empty item that `output_item.added` announces. */
export const messageItem = (id: string, text: string | undefined, status: string) => ({
  id,
  type: "message",
  status,
  content: text === undefined ? [] : [outputText(text)],
  role: "assistant",
});

export const reasoningItem = (id: string, text: string, encrypted?: string) => ({
  id,
  type: "reasoning",
  ...(encrypted === undefined ? {} : { encrypted_content: encrypted }),
  summary: text === "" ? [] : [{ type: "summary_text", text }],
});

/** The client's request's declaration of the tool a call names (IR names are flat: see IRTool in ir.ts). */
export const clientTool = (request: IRRequest | undefined, name: string): IRTool | undefined =>
  request?.tools?.find((tool) => tool.name === name);

/** A call's name as the client knows it: a namespaced tool's own name, with its namespace. */
export const clientName = (name: string, tool: IRTool | undefined): { name: string; namespace?: string } =>
  tool?.namespace === undefined ? { name } : { name: ownName(tool), namespace: tool.namespace };

export const functionCallItem = (id: string, callId: string, name: string, args: string, status: string, tool?: IRTool) => ({
  id,
  type: "function_call",
  status,
  arguments: args,
  call_id: callId,
  ...clientName(name, tool),
});

export const customToolCallItem = (id: string, callId: string, name: string, input: string, status: string, tool?: IRTool) => ({
  id,
  type: "custom_tool_call",
  status,
  call_id: callId,
  input,
  ...clientName(name, tool),
});

/**
 * IR parts → output items for a client, one item per part (the stream encoder emits the same
 * items). A call's signature goes into a reasoning item before it, since calls have no field for it.
 * Given the client's request, a call goes back as its tool was declared: with its namespace, and
 * as a `custom_tool_call` with the text for a freeform tool.
 */
export function outputItems(parts: IRPart[], respId: string, request?: IRRequest): unknown[] {
  const items: unknown[] = [];
  for (const part of carryCallSignatures(parts)) {
    const index = items.length;
    if (part.type === "text") items.push(messageItem(itemId("msg", respId, index), part.text, "completed"));
    else if (part.type === "thinking")
      items.push(reasoningItem(itemId("rs", respId, index), part.text, clientEncrypted(part.signature, part.redacted)));
    else if (part.type === "tool_call") {
      const tool = clientTool(request, part.name);
      const args = part.arguments || "{}";
      items.push(
        tool?.freeform
          ? customToolCallItem(itemId("ctc", respId, index), part.id, part.name, freeformInput(args), "completed", tool)
          : functionCallItem(itemId("fc", respId, index), part.id, part.name, args, "completed", tool),
      );
    }
  }
  return items;
}

/** Summary parts are the thinking text; open-weight models send `reasoning_text` content instead. */
export function reasoningText(item: Record<string, unknown>): string {
  const texts = (field: unknown, type: string) =>
    asArray(field)
      .filter((p) => isObject(p) && p.type === type)
      .map((p) => asString(asObject(p).text) ?? "");
  const summary = texts(item.summary, "summary_text");
  return (summary.length > 0 ? summary : texts(item.content, "reasoning_text")).join("\n\n");
}

export interface ResponseShell {
  id: string;
  model: string;
  created: number;
}

export interface WireError {
  code: string;
  message: string;
}

/**
 * The response object. Request echoes the gateway cannot know (instructions, tools, sampling)
 * carry the neutral values the reference allows, so strict clients still find every field.
 */
export function responseObject(
  shell: ResponseShell,
  status: TerminalStatus | "in_progress",
  output: unknown[],
  usage: IRUsage | null,
  error: WireError | null = null,
  incomplete: IncompleteDetails = null,
) {
  return {
    id: shell.id,
    object: "response",
    created_at: shell.created,
    status,
    error,
    incomplete_details: incomplete,
    instructions: null,
    max_output_tokens: null,
    model: shell.model,
    output,
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: null,
    store: false,
    temperature: null,
    text: { format: { type: "text" } },
    tool_choice: "auto",
    tools: [],
    top_p: null,
    truncation: "disabled",
    usage: usage && encodeUsage(usage),
    user: null,
    metadata: {},
  };
}
