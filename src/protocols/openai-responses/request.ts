/**
 * Responses request ⇄ IR request.
 * Decoding (a client such as Codex): tools as `tools.ts` reads them (hosted tools dropped) and
 * `input` as `input.ts` does; server-side state (`previous_response_id`, `conversation`, `prompt`)
 * is a 400, since no other format can resolve it.
 * Encoding (a channel): stateless (`store: false`), encrypted reasoning requested whenever
 * reasoning is involved, function tools non-strict (the Responses API defaults to strict).
 * Namespaced and freeform tools stay flat, as every other channel sees them: re-nesting would be
 * lossy (the IR keeps no namespace description, and a grammar only as text), and flat calls are
 * what the client-bound encoders turn back into the client's shapes.
 */
import type { InboundContext } from "../adapter";
import {
  effortOfBudget,
  invalid,
  type IRReasoning,
  type IRReasoningEffort,
  type IRRequest,
  type IRResponseFormat,
  type IRToolChoice,
} from "../ir";
import { boolean, compact, nonEmptyString, number, object, optional, string, type JSONObject } from "../json";
import { decodeInput, encodeInput, replaysReasoning } from "./input";
import { decodeToolChoice, decodeTools } from "./tools";

/** The Responses API rejects `max_output_tokens` below 16. */
const MIN_OUTPUT_TOKENS = 16;
const STATEFUL_FIELDS = ["previous_response_id", "conversation", "prompt"];

const EFFORTS: Record<string, IRReasoningEffort> = {
  minimal: "minimal",
  low: "low",
  medium: "medium",
  high: "high",
  xhigh: "high",
  max: "high",
};

function decodeReasoning(value: unknown): IRReasoning | undefined {
  if (value === undefined || value === null) return undefined;
  const reasoning = object(value, "reasoning");
  const effort = optional(reasoning.effort, "reasoning.effort", string);
  const summary = optional(reasoning.summary, "reasoning.summary", string);
  const out: IRReasoning = {};
  if (effort === "none") out.enabled = false;
  else if (effort !== undefined) {
    if (!Object.hasOwn(EFFORTS, effort)) throw invalid("reasoning.effort must be one of none, minimal, low, medium, high, xhigh");
    out.effort = EFFORTS[effort];
  }
  if (summary !== undefined) out.includeThoughts = true;
  return Object.keys(out).length > 0 ? out : undefined;
}

function decodeFormat(value: unknown): IRResponseFormat | undefined {
  if (value === undefined || value === null) return undefined;
  const text = object(value, "text");
  if (text.format === undefined || text.format === null) return undefined;
  const format = object(text.format, "text.format");
  if (format.type === "text" || format.type === "json_object") return { type: format.type };
  if (format.type !== "json_schema") throw invalid("text.format.type must be text, json_object or json_schema");
  return compact<IRResponseFormat>({
    type: "json_schema",
    name: string(format.name, "text.format.name"),
    schema: object(format.schema, "text.format.schema"),
    strict: optional(format.strict, "text.format.strict", boolean) });
}

export function decodeRequest(body: unknown, ctx: InboundContext = {}): IRRequest {
  const b = object(body, "request body");
  const model = nonEmptyString(ctx.model ?? b.model, "model");
  for (const field of STATEFUL_FIELDS)
    if (b[field] !== undefined && b[field] !== null)
      throw invalid(`${field} is not supported: send the whole conversation in input`);

  const { system, messages } = decodeInput(b.input, optional(b.instructions, "instructions", string));
  return compact<IRRequest>({
    model,
    stream: ctx.stream ?? optional(b.stream, "stream", boolean) ?? false,
    system,
    messages,
    tools: decodeTools(b.tools),
    toolChoice: decodeToolChoice(b.tool_choice),
    parallelToolCalls: optional(b.parallel_tool_calls, "parallel_tool_calls", boolean),
    maxTokens: optional(b.max_output_tokens, "max_output_tokens", number),
    temperature: optional(b.temperature, "temperature", number),
    topP: optional(b.top_p, "top_p", number),
    reasoning: decodeReasoning(b.reasoning),
    responseFormat: decodeFormat(b.text),
    user: optional(b.user, "user", string),
  });
}

/** Reasoning is requested with summaries (the visible thinking) unless the client opted out. */
function encodeReasoning(reasoning: IRReasoning | undefined): JSONObject | undefined {
  if (!reasoning || reasoning.enabled === false) return undefined;
  const effort =
    reasoning.effort ?? (reasoning.budgetTokens !== undefined ? effortOfBudget(reasoning.budgetTokens) : undefined);
  if (effort === undefined && !reasoning.includeThoughts && !reasoning.enabled) return undefined;
  return {
    ...(effort ? { effort } : {}),
    ...(reasoning.includeThoughts === false ? {} : { summary: "auto" }),
  };
}

const encodeToolChoice = (choice: IRToolChoice): unknown =>
  choice.type === "tool" ? { type: "function", name: choice.name } : choice.type;

export function encodeRequest(request: IRRequest): unknown {
  const body: JSONObject = { model: request.model };
  if (request.system) body.instructions = request.system;
  body.input = encodeInput(request.messages);
  if (request.tools?.length)
    body.tools = request.tools.map((tool) => ({
      type: "function",
      name: tool.name,
      ...(tool.description ? { description: tool.description } : {}),
      parameters: tool.parameters,
      strict: false,
    }));
  if (request.toolChoice) body.tool_choice = encodeToolChoice(request.toolChoice);
  if (request.parallelToolCalls !== undefined) body.parallel_tool_calls = request.parallelToolCalls;
  if (request.maxTokens !== undefined) body.max_output_tokens = Math.max(MIN_OUTPUT_TOKENS, request.maxTokens);
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  const reasoning = encodeReasoning(request.reasoning);
  if (reasoning) body.reasoning = reasoning;
  if (request.responseFormat) body.text = { format: request.responseFormat };
  if (reasoning || replaysReasoning(request.messages)) body.include = ["reasoning.encrypted_content"];
  body.store = false;
  body.stream = request.stream;
  if (request.user) body.user = request.user;
  return body;
}
