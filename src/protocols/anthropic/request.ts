/**
 * Anthropic Messages request ⇄ IR request.
 * Decoding drops typed tools, which the IR cannot express and clients send along with their own:
 * server tools Anthropic runs (`web_search_20250305`, `code_execution_…`, …) and client tools of
 * Anthropic's schemas (`bash_…`, `text_editor_…`, `computer_…`, …). The server tools' blocks in
 * the history go too, and a `tool_choice` forcing a dropped tool becomes `auto`.
 */
import {
  EFFORT_BUDGET,
  invalid,
  type IRMessage,
  type IRPart,
  type IRReasoning,
  type IRReasoningEffort,
  type IRRequest,
  type IRResponseFormat,
  type IRTool,
  type IRToolChoice,
} from "../ir";
import { decodeBlock, encodeParts } from "./content";
import {
  array,
  asString,
  boolean,
  count,
  nonEmptyString,
  number,
  object,
  oneOf,
  optional,
  string,
  stringArray,
  type JSONObject,
} from "../json";

// ---- client request → IR ----

function textOfBlocks(v: unknown, field: string): string {
  if (typeof v === "string") return v;
  return array(v, field)
    .map((item, i) => {
      const block = object(item, `${field}[${i}]`);
      oneOf(block.type, `${field}[${i}].type`, ["text"] as const);
      return string(block.text, `${field}[${i}].text`);
    })
    .join("\n\n");
}

/** A server tool's call or result (`server_tool_use`, `web_search_tool_result`, `mcp_tool_use`, …). */
const SERVER_TOOL_BLOCK = /^(server|mcp)_tool_use$|.+_tool_result$/;

function decodeContent(v: unknown, at: string): IRPart[] {
  if (typeof v === "string") return [{ type: "text", text: v }];
  if (!Array.isArray(v)) throw invalid(`${at} must be a string or an array of content blocks`);
  return v.flatMap((item, i) => {
    const part = decodeBlock(item, `${at}[${i}]`, "client");
    if (part !== undefined) return [part];
    const type = (item as JSONObject).type as string;
    if (SERVER_TOOL_BLOCK.test(type)) return [];
    throw invalid(`${at}[${i}].type "${type}" is not supported`);
  });
}

/** Tool results carry no function name in this format; other formats (Gemini) need it. */
function nameToolResults(messages: IRMessage[]) {
  const names = new Map<string, string>();
  for (const part of messages.flatMap((m) => m.parts)) {
    if (part.type === "tool_call") names.set(part.id, part.name);
    else if (part.type === "tool_result" && names.has(part.callId)) part.name = names.get(part.callId);
  }
}

const isTyped = (tool: JSONObject) => tool.type !== undefined && tool.type !== null && tool.type !== "custom";

function decodeTool(tool: JSONObject, at: string): IRTool {
  const description = optional(tool.description, `${at}.description`, string);
  return {
    name: nonEmptyString(tool.name, `${at}.name`),
    ...(description !== undefined ? { description } : {}),
    parameters: object(tool.input_schema, `${at}.input_schema`),
  };
}

/** The tools the IR can carry, and the names of the typed ones dropped. */
function decodeTools(v: unknown): { tools?: IRTool[]; dropped: Set<string> } {
  const dropped = new Set<string>();
  const tools = optional(v, "tools", array)?.flatMap((t, i) => {
    const tool = object(t, `tools[${i}]`);
    if (!isTyped(tool)) return [decodeTool(tool, `tools[${i}]`)];
    dropped.add(asString(tool.name) ?? "");
    return [];
  });
  return { tools, dropped };
}

/** `dropped`: the names of typed tools, which the choice cannot force. */
function decodeToolChoice(v: unknown, dropped: Set<string>): { toolChoice: IRToolChoice; parallelToolCalls?: boolean } {
  const choice = object(v, "tool_choice");
  const type = oneOf(choice.type, "tool_choice.type", ["auto", "any", "tool", "none"] as const);
  const disable = optional(choice.disable_parallel_tool_use, "tool_choice.disable_parallel_tool_use", boolean);
  let toolChoice: IRToolChoice = { type: type === "any" ? "required" : "auto" };
  if (type === "none") toolChoice = { type };
  if (type === "tool") {
    const name = nonEmptyString(choice.name, "tool_choice.name");
    if (!dropped.has(name)) toolChoice = { type, name };
  }
  return disable === undefined ? { toolChoice } : { toolChoice, parallelToolCalls: !disable };
}

const EFFORT_OF_OUTPUT_EFFORT: Record<string, IRReasoningEffort> = {
  low: "low",
  medium: "medium",
  high: "high",
  xhigh: "high",
  max: "high",
};

function decodeReasoning(thinkingValue: unknown, effortValue: unknown): IRReasoning | undefined {
  const reasoning: IRReasoning = {};
  const thinking = optional(thinkingValue, "thinking", object);
  if (thinking) {
    const type = oneOf(thinking.type, "thinking.type", ["enabled", "disabled", "adaptive"] as const);
    reasoning.enabled = type !== "disabled";
    // Anthropic returns the thinking it enables; an upstream that returns it only when asked (Gemini) is asked.
    if (reasoning.enabled) reasoning.includeThoughts = true;
    if (type === "enabled") reasoning.budgetTokens = count(thinking.budget_tokens, "thinking.budget_tokens");
  }
  const effort = optional(effortValue, "output_config.effort", (v, f) =>
    oneOf(v, f, Object.keys(EFFORT_OF_OUTPUT_EFFORT)),
  );
  if (effort !== undefined) reasoning.effort = EFFORT_OF_OUTPUT_EFFORT[effort];
  return Object.keys(reasoning).length > 0 ? reasoning : undefined;
}

function decodeResponseFormat(v: unknown): IRResponseFormat | undefined {
  const format = optional(v, "output_config.format", object);
  if (!format) return undefined;
  oneOf(format.type, "output_config.format.type", ["json_schema"] as const);
  // This format names no schema; the IR (after OpenAI) needs a name.
  return { type: "json_schema", name: "output", schema: object(format.schema, "output_config.format.schema") };
}

export function decodeRequest(body: unknown): IRRequest {
  const b = object(body, "request body");
  const model = nonEmptyString(b.model, "model");
  const maxTokens = count(b.max_tokens, "max_tokens");
  const systemTexts: string[] = [];
  const system = optional(b.system, "system", textOfBlocks);
  if (system !== undefined) systemTexts.push(system);

  const rawMessages = array(b.messages, "messages");
  if (rawMessages.length === 0) throw invalid("messages must not be empty");
  const messages: IRMessage[] = [];
  rawMessages.forEach((item, i) => {
    const message = object(item, `messages[${i}]`);
    const role = oneOf(message.role, `messages[${i}].role`, ["user", "assistant", "system"] as const);
    // Newer API versions accept system-role messages too; the IR has one system prompt, so they join it.
    if (role === "system") systemTexts.push(textOfBlocks(message.content, `messages[${i}].content`));
    else messages.push({ role, parts: decodeContent(message.content, `messages[${i}].content`) });
  });
  nameToolResults(messages);

  const outputConfig = optional(b.output_config, "output_config", object) ?? {};
  const metadata = optional(b.metadata, "metadata", object) ?? {};
  const { tools, dropped } = decodeTools(b.tools);
  const toolChoice = optional(b.tool_choice, "tool_choice", (v) => decodeToolChoice(v, dropped)) ?? {};
  return {
    model,
    stream: optional(b.stream, "stream", boolean) ?? false,
    system: systemTexts.length > 0 ? systemTexts.join("\n\n") : undefined,
    messages,
    tools,
    ...toolChoice,
    maxTokens,
    temperature: optional(b.temperature, "temperature", number),
    topP: optional(b.top_p, "top_p", number),
    topK: optional(b.top_k, "top_k", count),
    stop: optional(b.stop_sequences, "stop_sequences", stringArray),
    reasoning: decodeReasoning(b.thinking, outputConfig.effort),
    responseFormat: decodeResponseFormat(outputConfig.format),
    user: optional(metadata.user_id, "metadata.user_id", string),
  };
}

// ---- IR → upstream request ----

/** Sent when the IR names no limit: the smallest output limit among current Claude models. */
export const DEFAULT_MAX_TOKENS = 8192;
const MIN_THINKING_BUDGET = 1024;

type WireMessage = { role: string; content: JSONObject[] };

/**
 * With thinking on, the API wants the assistant turn that made the latest tool calls to open with
 * its signed thinking; a history written by another format has none.
 */
function toolTurnLacksThinking(messages: WireMessage[]): boolean {
  const turn = messages.findLast((m) => m.role === "assistant");
  if (!turn?.content.some((b) => b.type === "tool_use")) return false;
  return turn.content[0]!.type !== "thinking" && turn.content[0]!.type !== "redacted_thinking";
}

/** The thinking budget to ask for, or undefined when thinking stays off. */
function thinkingBudget(request: IRRequest, messages: WireMessage[]): number | undefined {
  const r = request.reasoning;
  if (!r || r.enabled === false) return undefined;
  // The API refuses thinking together with a forced tool; the forced tool wins.
  if (request.toolChoice?.type === "required" || request.toolChoice?.type === "tool") return undefined;
  if (toolTurnLacksThinking(messages)) return undefined;
  const budget = r.budgetTokens ?? (r.effort ? EFFORT_BUDGET[r.effort] : r.enabled ? EFFORT_BUDGET.medium : undefined);
  return budget === undefined ? undefined : Math.max(MIN_THINKING_BUDGET, budget);
}

/** Merges same-role neighbours and puts tool results first in a user turn, as the API requires. */
function encodeMessages(messages: IRMessage[]): WireMessage[] {
  const out: WireMessage[] = [];
  for (const message of messages) {
    const content = encodeParts(message.parts, "channel");
    if (content.length === 0) continue;
    const last = out.at(-1);
    if (last?.role === message.role) last.content.push(...content);
    else out.push({ role: message.role, content });
  }
  for (const message of out) {
    if (message.role === "user") {
      message.content.sort((a, b) => Number(b.type === "tool_result") - Number(a.type === "tool_result"));
    }
  }
  return out;
}

function encodeToolChoice(request: IRRequest): JSONObject | undefined {
  const choice = request.toolChoice;
  const disableParallel = request.parallelToolCalls === false ? { disable_parallel_tool_use: true } : {};
  if (choice?.type === "none") return { type: "none" };
  if (choice?.type === "tool") return { type: "tool", name: choice.name, ...disableParallel };
  if (choice?.type === "required") return { type: "any", ...disableParallel };
  if (choice?.type === "auto" || request.parallelToolCalls === false) return { type: "auto", ...disableParallel };
  return undefined;
}

/**
 * Sampling the API accepts: temperature in [0, 1]; with thinking only a top_p ≥ 0.95; and since
 * newer models refuse temperature and top_p together, temperature wins.
 */
function encodeSampling(request: IRRequest, thinking: boolean): JSONObject {
  const temperature = request.temperature === undefined ? undefined : Math.min(1, Math.max(0, request.temperature));
  if (thinking) return { top_p: request.topP !== undefined && request.topP >= 0.95 ? request.topP : undefined };
  return {
    temperature,
    top_p: temperature === undefined ? request.topP : undefined,
    top_k: request.topK,
  };
}

export function encodeRequest(request: IRRequest): JSONObject {
  const messages = encodeMessages(request.messages);
  const budget = thinkingBudget(request, messages);
  const wanted = request.maxTokens ?? DEFAULT_MAX_TOKENS;
  // Thinking counts toward max_tokens, which must exceed the budget.
  const maxTokens = budget !== undefined && wanted <= budget ? budget + wanted : wanted;
  const hasTools = (request.tools?.length ?? 0) > 0;
  const format = request.responseFormat;
  return {
    model: request.model,
    max_tokens: maxTokens,
    system: request.system || undefined,
    messages,
    tools: hasTools
      ? request.tools!.map((t) => ({
          name: t.name,
          description: t.description,
          input_schema: { type: "object", ...t.parameters },
        }))
      : undefined,
    tool_choice: hasTools ? encodeToolChoice(request) : undefined,
    thinking:
      budget !== undefined
        ? { type: "enabled", budget_tokens: budget }
        : request.reasoning?.enabled === false
          ? { type: "disabled" }
          : undefined,
    ...encodeSampling(request, budget !== undefined),
    stop_sequences: request.stop?.length ? request.stop : undefined,
    output_config: format?.type === "json_schema" ? { format: { type: "json_schema", schema: format.schema } } : undefined,
    metadata: request.user !== undefined ? { user_id: request.user } : undefined,
    stream: request.stream,
  };
}
