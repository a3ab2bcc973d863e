/**
 * Gemini generateContent request ⇄ IR request.
 * Decoding keeps only function declarations: built-in tools Google runs (`googleSearch`,
 * `codeExecution`, `urlContext`, …) have no IR form and are dropped, as are the code-execution
 * parts they leave in the history.
 */
import type { InboundContext } from "../adapter";
import {
  EFFORT_BUDGET,
  invalid,
  type IRMessage,
  type IRReasoning,
  type IRReasoningEffort,
  type IRRequest,
  type IRResponseFormat,
  type IRTool,
  type IRToolChoice,
} from "../ir";
import { array, boolean, isObject, number, object, optional, string, stringArray, type JSONObject } from "../json";
import { appendPart, partFromGemini, partsToGemini, type CallIds } from "./parts";
import { fromGeminiSchema, hasNoProperties, toGeminiSchema } from "./schema";
import type { GeminiGenerationConfig, GeminiRequest } from "./types";

/** Parts that code execution, a dropped built-in tool, wrote into the history. */
const CODE_EXECUTION_PARTS = ["executableCode", "codeExecutionResult"];

/** A client's request; the model and streaming come from the URL, never the body. */
export function decodeRequest(body: unknown, ctx: InboundContext = {}): IRRequest {
  const req = object(body, "request body");
  const model = ctx.model?.replace(/^models\//, "");
  if (!model) throw invalid("model is required (it is named in the URL path)");
  const ir: IRRequest = { model, stream: ctx.stream === true, messages: decodeContents(req.contents) };
  const system = decodeSystem(req.systemInstruction);
  if (system !== undefined) ir.system = system;
  const tools = decodeTools(req.tools);
  if (tools.length > 0) ir.tools = tools;
  const toolChoice = decodeToolConfig(req.toolConfig);
  if (toolChoice) ir.toolChoice = toolChoice;
  const gen = optional(req.generationConfig, "generationConfig", object);
  if (gen) decodeGenerationConfig(gen, ir);
  return ir;
}

function decodeContents(raw: unknown): IRMessage[] {
  const contents = array(raw, "contents");
  if (contents.length === 0) throw invalid("contents must not be empty");
  // Gemini history often has no call ids: a response answers the oldest open call of its name.
  const open: { id: string; name: string }[] = [];
  let made = 0;
  const ids: CallIds = {
    call(id, name) {
      const callId = id ?? `call_${made++}`;
      open.push({ id: callId, name });
      return callId;
    },
    result(id, name) {
      const i = open.findIndex((c) => (id === undefined ? c.name === name : c.id === id));
      if (i >= 0) return open.splice(i, 1)[0].id;
      return id ?? `call_${made++}`;
    },
  };
  const messages: IRMessage[] = [];
  contents.forEach((rawContent, i) => {
    const at = `contents[${i}]`;
    const content = object(rawContent, at);
    const role = optional(content.role, `${at}.role`, string) ?? "user";
    if (role !== "user" && role !== "model") throw invalid(`${at}.role must be "user" or "model"`);
    const parts = array(content.parts, `${at}.parts`);
    if (parts.length === 0) throw invalid(`${at}.parts must not be empty`);
    const message: IRMessage = { role: role === "model" ? "assistant" : "user", parts: [] };
    parts.forEach((part, j) => {
      const irParts = partFromGemini(part, `${at}.parts[${j}]`, ids, "client");
      if (!irParts) {
        if (isObject(part) && CODE_EXECUTION_PARTS.some((key) => part[key] !== undefined)) return;
        throw invalid(`${at}.parts[${j}] has none of text, inlineData, fileData, functionCall, functionResponse`);
      }
      for (const p of irParts) appendPart(message.parts, p);
    });
    if (message.parts.length > 0) messages.push(message);
  });
  return messages;
}

function decodeSystem(raw: unknown): string | undefined {
  const system = optional(raw, "systemInstruction", object);
  if (!system) return undefined;
  const texts = array(system.parts, "systemInstruction.parts").map((p, i) =>
    string(object(p, `systemInstruction.parts[${i}]`).text, `systemInstruction.parts[${i}].text`),
  );
  return texts.length > 0 ? texts.join("\n") : undefined;
}

function decodeTools(raw: unknown): IRTool[] {
  if (raw === undefined || raw === null) return [];
  return array(raw, "tools").flatMap((rawTool, i) => {
    const tool = object(rawTool, `tools[${i}]`);
    const declarations = optional(tool.functionDeclarations, `tools[${i}].functionDeclarations`, array) ?? [];
    return declarations.map((rawDecl, j) => {
      const at = `tools[${i}].functionDeclarations[${j}]`;
      const decl = object(rawDecl, at);
      const jsonSchema = optional(decl.parametersJsonSchema, `${at}.parametersJsonSchema`, object);
      const schema = optional(decl.parameters, `${at}.parameters`, object);
      const ir: IRTool = {
        name: string(decl.name, `${at}.name`),
        parameters: jsonSchema ?? (schema ? fromGeminiSchema(schema) : { type: "object", properties: {} }),
      };
      const description = optional(decl.description, `${at}.description`, string);
      if (description !== undefined) ir.description = description;
      return ir;
    });
  });
}

function decodeToolConfig(raw: unknown): IRToolChoice | undefined {
  const config = optional(optional(raw, "toolConfig", object)?.functionCallingConfig, "toolConfig.functionCallingConfig", object);
  if (!config) return undefined;
  const mode = optional(config.mode, "toolConfig.functionCallingConfig.mode", string) ?? "AUTO";
  const allowed = optional(config.allowedFunctionNames, "toolConfig.functionCallingConfig.allowedFunctionNames", stringArray);
  if (mode === "AUTO" || mode === "VALIDATED" || mode === "MODE_UNSPECIFIED") return { type: "auto" };
  if (mode === "NONE") return { type: "none" };
  if (mode === "ANY") return allowed?.length === 1 ? { type: "tool", name: allowed[0] } : { type: "required" };
  throw invalid("toolConfig.functionCallingConfig.mode must be one of AUTO, ANY, NONE, VALIDATED");
}

function decodeGenerationConfig(gen: JSONObject, ir: IRRequest) {
  const at = (field: string) => `generationConfig.${field}`;
  const maxTokens = optional(gen.maxOutputTokens, at("maxOutputTokens"), number);
  if (maxTokens !== undefined) ir.maxTokens = maxTokens;
  const temperature = optional(gen.temperature, at("temperature"), number);
  if (temperature !== undefined) ir.temperature = temperature;
  const topP = optional(gen.topP, at("topP"), number);
  if (topP !== undefined) ir.topP = topP;
  const topK = optional(gen.topK, at("topK"), number);
  if (topK !== undefined) ir.topK = topK;
  const stop = optional(gen.stopSequences, at("stopSequences"), stringArray);
  if (stop !== undefined) ir.stop = stop;

  const mime = optional(gen.responseMimeType, at("responseMimeType"), string);
  const jsonSchema = optional(gen.responseJsonSchema, at("responseJsonSchema"), object);
  const schema = optional(gen.responseSchema, at("responseSchema"), object);
  let format: IRResponseFormat | undefined;
  if (jsonSchema ?? schema) format = { type: "json_schema", name: "response", schema: jsonSchema ?? fromGeminiSchema(schema) };
  else if (mime === "application/json") format = { type: "json_object" };
  else if (mime === "text/plain") format = { type: "text" };
  if (format) ir.responseFormat = format;

  const thinking = optional(gen.thinkingConfig, at("thinkingConfig"), object);
  if (!thinking) return;
  const reasoning: IRReasoning = {};
  const budget = optional(thinking.thinkingBudget, at("thinkingConfig.thinkingBudget"), number);
  if (budget === 0) reasoning.enabled = false;
  else if (budget !== undefined) {
    reasoning.enabled = true;
    if (budget > 0) reasoning.budgetTokens = budget; // -1 asks for a dynamic budget
  }
  const level = optional(thinking.thinkingLevel, at("thinkingConfig.thinkingLevel"), string)?.toLowerCase();
  if (level !== undefined) {
    if (!(level in EFFORT_BUDGET)) throw invalid(`${at("thinkingConfig.thinkingLevel")} must be one of MINIMAL, LOW, MEDIUM, HIGH`);
    reasoning.effort = level as IRReasoningEffort;
  }
  const include = optional(thinking.includeThoughts, at("thinkingConfig.includeThoughts"), boolean);
  if (include !== undefined) reasoning.includeThoughts = include;
  if (Object.keys(reasoning).length > 0) ir.reasoning = reasoning;
}

/** The request a Gemini channel receives. */
export function encodeRequest(ir: IRRequest): GeminiRequest {
  const callNames = new Map<string, string>();
  for (const m of ir.messages) for (const p of m.parts) if (p.type === "tool_call") callNames.set(p.id, p.name);
  const out: GeminiRequest = {
    contents: ir.messages
      .map((m) => ({
        role: m.role === "assistant" ? ("model" as const) : ("user" as const),
        parts: partsToGemini(m.parts, { to: "channel", nameOfCall: (id) => callNames.get(id) }),
      }))
      .filter((c) => c.parts.length > 0),
  };
  if (ir.system) out.systemInstruction = { parts: [{ text: ir.system }] };
  if (ir.tools?.length) {
    out.tools = [
      {
        functionDeclarations: ir.tools.map((t) => {
          const parameters = toGeminiSchema(t.parameters);
          return {
            name: t.name,
            ...(t.description !== undefined && { description: t.description }),
            ...(!hasNoProperties(parameters) && { parameters }),
          };
        }),
      },
    ];
  }
  if (ir.toolChoice) out.toolConfig = { functionCallingConfig: encodeToolChoice(ir.toolChoice) };
  const gen = encodeGenerationConfig(ir);
  if (Object.keys(gen).length > 0) out.generationConfig = gen;
  return out;
}

function encodeToolChoice(choice: IRToolChoice): { mode: string; allowedFunctionNames?: string[] } {
  if (choice.type === "tool") return { mode: "ANY", allowedFunctionNames: [choice.name] };
  return { mode: choice.type === "required" ? "ANY" : choice.type.toUpperCase() };
}

function encodeGenerationConfig(ir: IRRequest): GeminiGenerationConfig {
  const gen: GeminiGenerationConfig = {};
  if (ir.maxTokens !== undefined) gen.maxOutputTokens = ir.maxTokens;
  if (ir.temperature !== undefined) gen.temperature = ir.temperature;
  if (ir.topP !== undefined) gen.topP = ir.topP;
  if (ir.topK !== undefined) gen.topK = ir.topK;
  if (ir.stop?.length) gen.stopSequences = ir.stop;
  const format = ir.responseFormat;
  if (format?.type === "json_schema") {
    gen.responseMimeType = "application/json";
    gen.responseSchema = toGeminiSchema(format.schema);
  } else if (format) gen.responseMimeType = format.type === "json_object" ? "application/json" : "text/plain";
  const r = ir.reasoning;
  if (r) {
    const budget =
      r.enabled === false ? 0 : (r.budgetTokens ?? (r.effort ? EFFORT_BUDGET[r.effort] : r.enabled ? -1 : undefined));
    if (budget !== undefined || r.includeThoughts !== undefined) {
      gen.thinkingConfig = {
        ...(budget !== undefined && { thinkingBudget: budget }),
        ...(r.includeThoughts !== undefined && { includeThoughts: r.includeThoughts }),
      };
    }
  }
  return gen;
}
