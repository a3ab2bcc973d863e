/**
 * A client's `tools` and `tool_choice`. Function tools are IR tools as they are; the functions of a
 * `namespace` tool and freeform `custom` tools are flattened (see IRTool in ir.ts). Every other
 * type is a hosted tool that OpenAI runs itself (web_search, file_search, code_interpreter, mcp,
 * …): no other format can run it, and clients such as Codex always send some, so it is dropped.
 */
import { invalid, namespacedName, type IRTool, type IRToolChoice } from "../ir";
import { array, compact, isObject, nonEmptyString, object, optional, string } from "../json";
import { freeformParameters } from "./freeform";

function decodeTool(value: unknown, field: string, namespace?: string): IRTool[] {
  const tool = object(value, field);
  const type = string(tool.type, `${field}.type`);
  if (type === "namespace" && namespace === undefined) {
    const name = nonEmptyString(tool.name, `${field}.name`);
    return array(tool.tools, `${field}.tools`).flatMap((t, j) => decodeTool(t, `${field}.tools[${j}]`, name));
  }
  if (type !== "function" && type !== "custom") return [];
  const name = string(tool.name, `${field}.name`);
  const freeform = type === "custom";
  return [
    compact<IRTool>({
      name: namespace === undefined ? name : namespacedName(namespace, name),
      description: optional(tool.description, `${field}.description`, string),
      parameters: freeform
        ? freeformParameters(tool.format, `${field}.format`)
        : (optional(tool.parameters, `${field}.parameters`, object) ?? { type: "object", properties: {} }),
      namespace,
      freeform: freeform || undefined,
    }),
  ];
}

export function decodeTools(value: unknown): IRTool[] | undefined {
  if (value === undefined || value === null) return undefined;
  return array(value, "tools").flatMap((entry, i) => decodeTool(entry, `tools[${i}]`));
}

/** Forcing a hosted tool (`{"type": "web_search_preview"}`, …), which was dropped, leaves the choice to the model. */
export function decodeToolChoice(value: unknown): IRToolChoice | undefined {
  if (value === undefined || value === null) return undefined;
  if (value === "auto" || value === "none" || value === "required") return { type: value };
  if (isObject(value) && typeof value.type === "string" && value.type !== "allowed_tools") {
    if (value.type !== "function" && value.type !== "custom") return { type: "auto" };
    return { type: "tool", name: string(value.name, "tool_choice.name") };
  }
  throw invalid('tool_choice must be "auto", "none", "required", {"type":"function","name":…} or {"type":"custom","name":…}');
}
