/**
 * Typebox schemas and text: what a schema accepts, in the words a user reads in an error ("must be
 * an integer from 1 to 10", "must be one of sqlite, mysql, postgres", "must be true or false"), as
 * the admin API, the configuration and the settings all say it; and a value read from text (an
 * environment variable, a stored setting) as the schema's type.
 */
export interface SchemaNode {
  const?: unknown;
  type?: string;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  anyOf?: SchemaNode[];
  [keyword: string]: unknown;
}

/** One accepted form, as a user reads it: a literal as itself, a type by name. */
function describe(node: SchemaNode): string {
  if (node.const !== undefined) return typeof node.const === "string" ? node.const : JSON.stringify(node.const);
  if (node.type === "integer" || node.format === "integer") return "an integer";
  if (node.type === "boolean") return "true or false";
  if (node.type === "string" && node.pattern) return `a string matching ${node.pattern}`;
  return node.type === "array" || node.type === "object" ? `an ${node.type}` : `a ${node.type ?? "value"}`;
}

const bounds = ({ minimum: min, maximum: max }: SchemaNode) =>
  min !== undefined && max !== undefined ? ` from ${min} to ${max}` : min !== undefined ? ` of at least ${min}` : max !== undefined ? ` of at most ${max}` : "";

/**
 * "must be one of round_robin, random" for a union of literals, "must be an integer from 1 to 10"
 * for a bounded integer (also Elysia's number-or-numeric-string unions), the forms joined by "or"
 * otherwise.
 */
export function mustBe(node: SchemaNode): string {
  const forms = node.anyOf ? [...new Set(node.anyOf.map(describe))] : [describe(node)];
  if (node.anyOf?.every((o) => o.const !== undefined)) return `must be one of ${forms.join(", ")}`;
  return `must be ${forms.join(" or ")}${bounds(node)}`;
}

/** Text read as the schema's type: "42" as 42, "true"/"1" as true; what does not parse is returned for validation to name. */
export function fromText(schema: SchemaNode, raw: unknown): unknown {
  if (typeof raw !== "string") return raw;
  const text = raw.trim();
  if (schema.type === "integer") return /^-?\d+$/.test(text) ? Number(text) : raw;
  if (schema.type === "boolean") return text === "true" || text === "1" ? true : text === "false" || text === "0" ? false : raw;
  return raw;
}
