/**
 * `input` items ⇄ IR messages. Consecutive items of one role become one IR message:
 * reasoning, assistant text and tool calls form the assistant turn; tool outputs are
 * `tool_result` parts of the user turn that follows. Calls of namespaced and freeform tools are
 * decoded as their flattened tools are (see IRTool in ir.ts), and items of hosted tools, which
 * the request decoder drops, are dropped too.
 */
import { imageOfURL, urlOfImage } from "../images";
import {
  channelSignature,
  invalid,
  namespacedName,
  signatureFromClient,
  type IRImagePart,
  type IRMessage,
  type IRPart,
  type IRTextPart,
  type IRThinkingPart,
} from "../ir";
import { array, isObject, object, optional, string, type JSONObject } from "../json";
import { freeformArguments } from "./freeform";

/** Calls of hosted tools and their outputs: OpenAI ran them, and no other format can read them back. */
const HOSTED_TOOL_ITEMS = new Set([
  "web_search_call",
  "file_search_call",
  "code_interpreter_call",
  "image_generation_call",
  "computer_call",
  "computer_call_output",
  "local_shell_call",
  "local_shell_call_output",
  "shell_call",
  "shell_call_output",
  "apply_patch_call",
  "apply_patch_call_output",
  "mcp_call",
  "mcp_list_tools",
  "mcp_approval_request",
  "mcp_approval_response",
  "tool_search_call",
  "tool_search_output",
]);

/** Content parts of a user message or a tool output: text and images. */
function decodeUserPart(value: unknown, field: string): IRTextPart | IRImagePart {
  const part = object(value, field);
  if (part.type === "input_text" || part.type === "output_text")
    return { type: "text", text: string(part.text, `${field}.text`) };
  if (part.type === "input_image") {
    if (typeof part.image_url !== "string") throw invalid(`${field}.image_url must be a string (file_id images are not supported)`);
    return { type: "image", source: imageOfURL(part.image_url) };
  }
  throw invalid(`${field}.type ${JSON.stringify(part.type)} is not supported`);
}

function decodeAssistantPart(value: unknown, field: string): IRTextPart {
  const part = object(value, field);
  if (part.type === "output_text" || part.type === "input_text")
    return { type: "text", text: string(part.text, `${field}.text`) };
  if (part.type === "refusal") return { type: "text", text: string(part.refusal, `${field}.refusal`) };
  throw invalid(`${field}.type ${JSON.stringify(part.type)} is not supported in an assistant message`);
}

function decodeContent<P>(content: unknown, field: string, decodePart: (v: unknown, f: string) => P, text: (t: string) => P): P[] {
  if (typeof content === "string") return [text(content)];
  if (!Array.isArray(content)) throw invalid(`${field} must be a string or an array of content parts`);
  return content.map((part, j) => decodePart(part, `${field}[${j}]`));
}

const textPart = (text: string): IRTextPart => ({ type: "text", text });

function systemText(content: unknown, field: string): string {
  const parts = decodeContent(content, field, decodeUserPart, textPart);
  if (parts.some((p) => p.type !== "text")) throw invalid(`${field} of a system message must be text`);
  return parts.map((p) => (p as IRTextPart).text).join("\n\n");
}

/** A call's IR name: a namespaced tool's flattened name. */
function callName(item: JSONObject, field: string): string {
  const name = string(item.name, `${field}.name`);
  const namespace = optional(item.namespace, `${field}.namespace`, string);
  return namespace === undefined ? name : namespacedName(namespace, name);
}

function toolArguments(value: unknown, field: string): string {
  if (value === undefined || value === null || value === "") return "{}";
  if (typeof value === "string") return value;
  if (isObject(value)) return JSON.stringify(value);
  throw invalid(`${field} must be a JSON string`);
}

export interface DecodedInput {
  system?: string;
  messages: IRMessage[];
}

export function decodeInput(input: unknown, instructions: string | undefined): DecodedInput {
  const systems = instructions ? [instructions] : [];
  const messages: IRMessage[] = [];
  const callNames = new Map<string, string>();
  const add = (role: IRMessage["role"], parts: IRPart[]) => {
    const last = messages[messages.length - 1];
    if (last?.role === role) last.parts.push(...parts);
    else messages.push({ role, parts });
  };

  if (input === undefined || input === null) throw invalid("input is required");
  const items = typeof input === "string" ? [{ role: "user", content: input }] : array(input, "input");

  items.forEach((value, i) => {
    const field = `input[${i}]`;
    const item = object(value, field);
    const type = item.type ?? (item.role !== undefined ? "message" : undefined);
    if (typeof type === "string" && HOSTED_TOOL_ITEMS.has(type)) return;
    switch (type) {
      case "message":
        return decodeMessage(item, field);
      case "function_call":
      case "custom_tool_call": {
        const id = string(item.call_id, `${field}.call_id`);
        const name = callName(item, field);
        const args =
          type === "function_call"
            ? toolArguments(item.arguments, `${field}.arguments`)
            : freeformArguments(string(item.input, `${field}.input`));
        callNames.set(id, name);
        return add("assistant", [{ type: "tool_call", id, name, arguments: args }]);
      }
      case "function_call_output":
      case "custom_tool_call_output": {
        const callId = string(item.call_id, `${field}.call_id`);
        const content =
          item.output === "" ? [] : decodeContent(item.output, `${field}.output`, decodeUserPart, textPart);
        const name = callNames.get(callId);
        return add("user", [{ type: "tool_result", callId, ...(name ? { name } : {}), content }]);
      }
      case "reasoning": {
        const summary = optional(item.summary, `${field}.summary`, array) ?? [];
        const text = summary.map((s, j) => string(object(s, `${field}.summary[${j}]`).text, `${field}.summary[${j}].text`));
        const encrypted = optional(item.encrypted_content, `${field}.encrypted_content`, string);
        const thinking: IRThinkingPart = { type: "thinking", text: text.join("\n\n") };
        if (encrypted) {
          const { signature, redacted } = signatureFromClient("openai-responses", encrypted);
          thinking.signature = signature;
          if (redacted) thinking.redacted = true;
        }
        return add("assistant", [thinking]);
      }
      case undefined:
        throw invalid(`${field}.type is required`);
      default:
        throw invalid(
          `${field}.type ${JSON.stringify(type)} is not supported: only messages, function and custom tool calls, their outputs and reasoning can be relayed`,
        );
    }
  });

  function decodeMessage(item: JSONObject, field: string) {
    const role = item.role;
    if (role === "system" || role === "developer") systems.push(systemText(item.content, `${field}.content`));
    else if (role === "user") add("user", decodeContent(item.content, `${field}.content`, decodeUserPart, textPart));
    else if (role === "assistant") add("assistant", decodeContent(item.content, `${field}.content`, decodeAssistantPart, textPart));
    else throw invalid(`${field}.role must be one of user, assistant, system, developer`);
  }

  return systems.length > 0 ? { system: systems.join("\n\n"), messages } : { messages };
}

const encodeUserPart = (part: IRTextPart | IRImagePart) =>
  part.type === "text"
    ? { type: "input_text", text: part.text }
    : { type: "input_image", image_url: urlOfImage(part.source), detail: "auto" };

function toolOutput(content: (IRTextPart | IRImagePart)[]): unknown {
  if (content.length === 0) return "";
  if (content.length === 1 && content[0].type === "text") return content[0].text;
  return content.map(encodeUserPart);
}

/**
 * IR messages → input items. Thinking is replayed only when it carries an openai-responses
 * signature (encrypted reasoning); other formats' thoughts cannot be read back by OpenAI.
 */
export function encodeInput(messages: IRMessage[]): unknown[] {
  const items: unknown[] = [];
  for (const message of messages) {
    let content: unknown[] = [];
    const flush = () => {
      if (content.length > 0) items.push({ type: "message", role: message.role, content });
      content = [];
    };
    for (const part of message.parts) {
      if (message.role === "user") {
        if (part.type === "text" || part.type === "image") content.push(encodeUserPart(part));
        else if (part.type === "tool_result") {
          flush();
          items.push({ type: "function_call_output", call_id: part.callId, output: toolOutput(part.content) });
        }
      } else if (part.type === "text") content.push({ type: "output_text", text: part.text });
      else if (part.type === "tool_call") {
        flush();
        items.push({ type: "function_call", call_id: part.id, name: part.name, arguments: part.arguments || "{}" });
      } else if (part.type === "thinking") {
        const encrypted = channelSignature("openai-responses", part.signature);
        if (encrypted === undefined) continue;
        flush();
        items.push({
          type: "reasoning",
          summary: part.text === "" ? [] : [{ type: "summary_text", text: part.text }],
          encrypted_content: encrypted,
        });
      }
    }
    flush();
  }
  return items;
}

export const replaysReasoning = (messages: IRMessage[]): boolean =>
  messages.some((m) => m.parts.some((p) => p.type === "thinking" && channelSignature("openai-responses", p.signature) !== undefined));
