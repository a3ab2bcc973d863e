/** Chat Completions request body ⇄ IR request: decodeRequest reads clients, encodeRequest writes for channels. */
import type { InboundContext } from "../adapter";
import {
  effortOfBudget,
  invalid,
  type IRReasoning,
  type IRReasoningEffort,
  type IRRequest,
  type IRResponseFormat,
  type IRTool,
  type IRToolChoice,
} from "../ir";
import { array, boolean, compact, isObject, number, object, optional, positiveInteger, string, type JSONObject } from "../json";
import { decodeMessages, encodeMessages } from "./messages";

export function decodeRequest(body: unknown, ctx?: InboundContext): IRRequest {
  const b = object(body, "request body");
  const n = optional(b.n, "n", positiveInteger);
  if (n !== undefined && n > 1) throw invalid("n greater than 1 is not supported");
  const tools = decodeTools(b.tools);
  const streamOptions = optional(b.stream_options, "stream_options", object);
  return compact({
    model: string(b.model ?? ctx?.model, "model"),
    stream: optional(b.stream, "stream", boolean) ?? ctx?.stream ?? false,
    ...decodeMessages(b.messages),
    tools,
    toolChoice: decodeToolChoice(b.tool_choice),
    parallelToolCalls: optional(b.parallel_tool_calls, "parallel_tool_calls", boolean),
    maxTokens:
      optional(b.max_completion_tokens, "max_completion_tokens", positiveInteger) ?? optional(b.max_tokens, "max_tokens", positiveInteger),
    temperature: optional(b.temperature, "temperature", number),
    topP: optional(b.top_p, "top_p", number),
    stop: decodeStop(b.stop),
    reasoning: decodeEffort(b.reasoning_effort),
    responseFormat: decodeResponseFormat(b.response_format),
    user: optional(b.user, "user", string),
    streamUsage: optional(streamOptions?.include_usage, "stream_options.include_usage", boolean),
  });
}

function decodeTools(v: unknown): IRTool[] | undefined {
  if (v == null) return undefined;
  return array(v, "tools").map((raw, i) => {
    const t = object(raw, `tools[${i}]`);
    if (t.type !== "function") throw invalid(`tools[${i}].type must be "function"`);
    const f = object(t.function, `tools[${i}].function`);
    return compact({
      name: string(f.name, `tools[${i}].function.name`),
      description: optional(f.description, `tools[${i}].function.description`, string),
      parameters: f.parameters == null ? { type: "object", properties: {} } : object(f.parameters, `tools[${i}].function.parameters`),
    });
  });
}

function decodeToolChoice(v: unknown): IRToolChoice | undefined {
  if (v == null) return undefined;
  if (v === "auto" || v === "none" || v === "required") return { type: v };
  if (isObject(v) && v.type === "function" && isObject(v.function) && typeof v.function.name === "string")
    return { type: "tool", name: v.function.name };
  throw invalid('tool_choice must be "auto", "none", "required" or {"type":"function","function":{"name":…}}');
}

function decodeStop(v: unknown): string[] | undefined {
  if (v == null) return undefined;
  if (typeof v === "string") return [v];
  if (Array.isArray(v) && v.every((s) => typeof s === "string")) return v;
  throw invalid("stop must be a string or an array of strings");
}

const EFFORTS: Record<string, IRReasoning> = {
  none: { enabled: false },
  minimal: { effort: "minimal" },
  low: { effort: "low" },
  medium: { effort: "medium" },
  high: { effort: "high" },
  xhigh: { effort: "high" },
  max: { effort: "high" },
};

function decodeEffort(v: unknown): IRReasoning | undefined {
  if (v == null) return undefined;
  if (typeof v === "string" && v in EFFORTS) return { ...EFFORTS[v] };
  throw invalid(`reasoning_effort must be one of ${Object.keys(EFFORTS).join(", ")}`);
}

function decodeResponseFormat(v: unknown): IRResponseFormat | undefined {
  if (v == null) return undefined;
  const f = object(v, "response_format");
  if (f.type === "text" || f.type === "json_object") return { type: f.type };
  if (f.type !== "json_schema") throw invalid('response_format.type must be "text", "json_object" or "json_schema"');
  const s = object(f.json_schema, "response_format.json_schema");
  return compact({
    type: "json_schema" as const,
    name: string(s.name, "response_format.json_schema.name"),
    schema: s.schema == null ? {} : object(s.schema, "response_format.json_schema.schema"),
    strict: optional(s.strict, "response_format.json_schema.strict", boolean),
  });
}

/** Effort as the channel reads it; an explicit "off" is left out, since older models reject "none". */
function encodeEffort(r: IRReasoning | undefined): IRReasoningEffort | undefined {
  if (r === undefined || r.enabled === false) return undefined;
  return r.effort ?? (r.budgetTokens === undefined ? undefined : effortOfBudget(r.budgetTokens));
}

function encodeResponseFormat(f: IRResponseFormat | undefined): unknown {
  if (f === undefined || f.type !== "json_schema") return f;
  return { type: "json_schema", json_schema: compact({ name: f.name, schema: f.schema, strict: f.strict }) };
}

/** `tool_choice` and `parallel_tool_calls` without `tools` are a 400 at OpenAI, so they go only with tools. */
export function encodeRequest(r: IRRequest): JSONObject {
  const tools = r.tools?.length ? r.tools : undefined;
  const choice = r.toolChoice;
  return compact({
    model: r.model,
    messages: encodeMessages(r.system, r.messages),
    stream: r.stream || undefined,
    stream_options: r.stream ? { include_usage: true } : undefined,
    tools: tools?.map((t) => ({
      type: "function",
      function: compact({ name: t.name, description: t.description, parameters: t.parameters }),
    })),
    tool_choice:
      tools === undefined || choice === undefined
        ? undefined
        : choice.type === "tool"
          ? { type: "function", function: { name: choice.name } }
          : choice.type,
    parallel_tool_calls: tools === undefined ? undefined : r.parallelToolCalls,
    max_completion_tokens: r.maxTokens,
    temperature: r.temperature,
    top_p: r.topP,
    stop: r.stop,
    reasoning_effort: encodeEffort(r.reasoning),
    response_format: encodeResponseFormat(r.responseFormat),
    user: r.user,
  });
}
