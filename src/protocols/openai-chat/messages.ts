/**
 * `messages` ⇄ IR system prompt and messages. System and developer messages become the system
 * prompt; `tool` messages become `tool_result` parts of one user message, which a user message
 * right after them joins; an IR user message with tool results becomes `tool` messages first.
 */
import { channelSignature, invalid, type IRMessage, type IRPart, type IRThinkingPart, type IRToolCallPart, type IRToolResultPart } from "../ir";
import { argumentsText, array, compact, object, string } from "../json";
import { decodeContent, encodeContent, type ContentPart, type WireImagePart, type WireTextPart } from "./content";
import { decodeReasoning, encodeReasoning, type WireReasoningDetail } from "./reasoning";

export interface WireToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

export type WireMessage =
  | { role: "system"; content: string }
  | { role: "user"; content: string | (WireTextPart | WireImagePart)[] }
  | {
      role: "assistant";
      content: string | WireTextPart[] | null;
      tool_calls?: WireToolCall[];
      reasoning_content?: string;
      reasoning_details?: WireReasoningDetail[];
    }
  | { role: "tool"; tool_call_id: string; content: string | WireTextPart[] };

const SYSTEM_SEPARATOR = "\n\n";

export function decodeToolCall(raw: unknown, path: string): IRToolCallPart {
  const c = object(raw, path);
  if (c.type !== undefined && c.type !== "function") throw invalid(`${path}.type "${String(c.type)}" is not supported`);
  const f = object(c.function, `${path}.function`);
  return {
    type: "tool_call",
    id: string(c.id, `${path}.id`),
    name: string(f.name, `${path}.function.name`),
    arguments: argumentsText(f.arguments),
  };
}

export function decodeMessages(raw: unknown): { system?: string; messages: IRMessage[] } {
  if (!Array.isArray(raw) || raw.length === 0) throw invalid("messages must be a non-empty array");
  const system: string[] = [];
  const messages: IRMessage[] = [];
  const callNames = new Map<string, string>();
  let toolTurn: IRMessage | undefined;

  raw.forEach((item, i) => {
    const path = `messages[${i}]`;
    const m = object(item, path);
    const role = string(m.role, `${path}.role`);
    if (role === "tool") {
      const callId = string(m.tool_call_id, `${path}.tool_call_id`);
      const result: IRToolResultPart = {
        type: "tool_result",
        callId,
        content: decodeContent(m.content, `${path}.content`, ["text", "image_url"]),
      };
      const name = callNames.get(callId);
      if (name !== undefined) result.name = name;
      if (toolTurn === undefined) messages.push((toolTurn = { role: "user", parts: [] }));
      toolTurn.parts.push(result);
      return;
    }
    const turn = toolTurn;
    toolTurn = undefined;
    if (role === "system" || role === "developer") {
      const text = decodeContent(m.content, `${path}.content`, ["text"]).flatMap((p) => (p.type === "text" ? [p.text] : []));
      if (text.length > 0) system.push(text.join(SYSTEM_SEPARATOR));
    } else if (role === "user") {
      const parts = decodeContent(m.content, `${path}.content`, ["text", "image_url"]);
      if (turn !== undefined) turn.parts.push(...parts);
      else messages.push({ role: "user", parts });
    } else if (role === "assistant") {
      const calls = m.tool_calls == null ? [] : toolCalls(m.tool_calls, `${path}.tool_calls`);
      for (const c of calls) callNames.set(c.id, c.name);
      const text = m.content == null ? [] : decodeContent(m.content, `${path}.content`, ["text", "refusal"]);
      messages.push({ role: "assistant", parts: [...decodeReasoning(m, "client"), ...text, ...calls] });
    } else {
      throw invalid(`${path}.role "${role}" is not supported`);
    }
  });
  return compact({ system: system.length > 0 ? system.join(SYSTEM_SEPARATOR) : undefined, messages });
}

const toolCalls = (raw: unknown, path: string): IRToolCallPart[] =>
  array(raw, path).map((c, j) => decodeToolCall(c, `${path}[${j}]`));

export function encodeMessages(system: string | undefined, messages: IRMessage[]): WireMessage[] {
  const out: WireMessage[] = system === undefined || system === "" ? [] : [{ role: "system", content: system }];
  for (const m of messages) out.push(...(m.role === "user" ? encodeUser(m.parts) : [encodeAssistant(m.parts)]));
  return out;
}

/**
 * Tool messages must follow the assistant message that called the tools, so they come first.
 * `tool` messages take text only: images of a tool result move to the user message after them.
 */
function encodeUser(parts: IRPart[]): WireMessage[] {
  const out: WireMessage[] = [];
  const rest: ContentPart[] = [];
  const movedImages: ContentPart[] = [];
  for (const p of parts) {
    if (p.type === "tool_result") {
      const text = p.content.filter((c) => c.type === "text");
      movedImages.push(...p.content.filter((c) => c.type === "image"));
      out.push({ role: "tool", tool_call_id: p.callId, content: encodeContent(text) as string | WireTextPart[] });
    } else if (p.type === "text" || p.type === "image") rest.push(p);
  }
  rest.push(...movedImages);
  if (rest.length > 0 || out.length === 0) out.push({ role: "user", content: encodeContent(rest) });
  return out;
}

/** Thinking goes back only when no other format signed it: foreign signatures mean nothing here. */
const replayable = (p: IRPart): p is IRThinkingPart =>
  p.type === "thinking" && (p.signature === undefined || channelSignature("openai-chat", p.signature) !== undefined);

function encodeAssistant(parts: IRPart[]): WireMessage {
  const text = parts.filter((p) => p.type === "text");
  const calls: WireToolCall[] = parts
    .filter((p) => p.type === "tool_call")
    .map((c) => ({ id: c.id, type: "function", function: { name: c.name, arguments: c.arguments } }));
  return compact({
    role: "assistant" as const,
    content: text.length > 0 ? (encodeContent(text) as string | WireTextPart[]) : calls.length > 0 ? null : "",
    ...encodeReasoning(parts.filter(replayable), "channel"),
    tool_calls: calls.length > 0 ? calls : undefined,
  });
}
