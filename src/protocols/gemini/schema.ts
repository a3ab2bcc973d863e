/**
 * Gemini's function `parameters` and `responseSchema` take an OpenAPI-style subset of JSON
 * Schema and answer 400 to anything outside it. These two functions translate between that
 * subset and the plain JSON Schema the IR carries.
 */
import { asObject, isObject, type JSONObject } from "../json";

/** Keywords Gemini's Schema accepts and that pass through unchanged. */
const PASS_THROUGH = new Set([
  "title",
  "description",
  "enum",
  "minItems",
  "maxItems",
  "minProperties",
  "maxProperties",
  "minLength",
  "maxLength",
  "pattern",
  "minimum",
  "maximum",
  "example",
  "default",
]);

/** The only `format` values Gemini accepts, per type. */
const FORMATS: Record<string, string[]> = {
  STRING: ["enum", "date-time"],
  NUMBER: ["float", "double"],
  INTEGER: ["int32", "int64"],
};

/** JSON Schema → Gemini Schema, recursively. Unresolvable or recursive `$ref`s become `{}`. */
export function toGeminiSchema(schema: JSONObject): JSONObject {
  const defs = { ...asObject(schema.definitions), ...asObject(schema.$defs) };
  return convert(schema, defs, []);
}

function convert(node: unknown, defs: JSONObject, refs: string[]): JSONObject {
  if (!isObject(node)) return {};
  if (typeof node.$ref === "string") {
    const name = node.$ref.match(/^#\/(?:\$defs|definitions)\/(.+)$/)?.[1];
    const target = name === undefined ? undefined : defs[name];
    if (name === undefined || !isObject(target) || refs.includes(name)) return {};
    const { $ref: _ref, ...siblings } = node;
    return convert({ ...target, ...siblings }, defs, [...refs, name]);
  }
  if (Array.isArray(node.allOf)) {
    const { allOf, ...rest } = node;
    return convert(allOf.filter(isObject).reduce(mergeSchemas, rest), defs, refs);
  }

  const out: JSONObject = {};
  let nullable = node.nullable === true;
  let types = (Array.isArray(node.type) ? node.type : node.type === undefined ? [] : [node.type]).filter(
    (t): t is string => typeof t === "string",
  );
  if (types.includes("null")) {
    nullable = true;
    types = types.filter((t) => t !== "null");
  }
  if (types.length === 1) out.type = types[0].toUpperCase();
  else if (types.length > 1) out.anyOf = types.map((t) => ({ type: t.toUpperCase() }));

  const variants = Array.isArray(node.anyOf) ? node.anyOf : Array.isArray(node.oneOf) ? node.oneOf : undefined;
  if (variants) {
    const nonNull = variants.filter((v) => !(isObject(v) && v.type === "null"));
    if (nonNull.length < variants.length) nullable = true;
    if (nonNull.length === 1) Object.assign(out, convert(nonNull[0], defs, refs));
    else out.anyOf = nonNull.map((v) => convert(v, defs, refs));
  }

  for (const [key, value] of Object.entries(node)) {
    if (PASS_THROUGH.has(key)) out[key] = value;
    else if (key === "const" && typeof value === "string") out.enum = [value];
    else if (key === "items") out.items = convert(Array.isArray(value) ? value[0] : value, defs, refs);
    else if (key === "properties" && isObject(value) && Object.keys(value).length > 0) {
      out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v, defs, refs)]));
    } else if (key === "format" && typeof value === "string" && FORMATS[String(out.type)]?.includes(value)) {
      out.format = value;
    }
  }
  if (Array.isArray(node.required) && isObject(out.properties)) {
    const names = Object.keys(out.properties);
    const required = node.required.filter((r): r is string => typeof r === "string" && names.includes(r));
    if (required.length > 0) out.required = required;
  }
  if (nullable) out.nullable = true;
  return out;
}

function mergeSchemas(a: JSONObject, b: JSONObject): JSONObject {
  const merged = { ...a, ...b };
  if (isObject(a.properties) || isObject(b.properties)) merged.properties = { ...asObject(a.properties), ...asObject(b.properties) };
  if (Array.isArray(a.required) || Array.isArray(b.required)) {
    merged.required = [...(Array.isArray(a.required) ? a.required : []), ...(Array.isArray(b.required) ? b.required : [])];
  }
  return merged;
}

/** Gemini Schema → JSON Schema: lowercase types, `nullable` folded into the type. */
export function fromGeminiSchema(node: unknown): JSONObject {
  if (!isObject(node)) return {};
  const out: JSONObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "nullable" || key === "propertyOrdering" || (key === "format" && value === "enum")) continue;
    if (key === "type" && typeof value === "string") out.type = value.toLowerCase();
    else if (key === "properties" && isObject(value)) {
      out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromGeminiSchema(v)]));
    } else if (key === "items") out.items = fromGeminiSchema(value);
    else if (key === "anyOf" && Array.isArray(value)) out.anyOf = value.map(fromGeminiSchema);
    else out[key] = value;
  }
  if (node.nullable === true && typeof out.type === "string") out.type = [out.type, "null"];
  return out;
}

/** True for an object schema that declares no properties (Gemini rejects an empty OBJECT). */
export const hasNoProperties = (schema: JSONObject): boolean =>
  (schema.type === undefined || schema.type === "OBJECT") && !isObject(schema.properties) && schema.anyOf === undefined;
