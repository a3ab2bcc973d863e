/**
 * Reading untrusted JSON, shared by every adapter.
 *
 * Strict readers check a client's request: each returns the typed value or throws a 400 that
 * names the field, in one style: "model is required", "messages[2].content must be a string".
 * `undefined` and `null` both count as absent.
 *
 * Lenient readers (`as…`) read upstream bodies, where a wrong type reads as absent rather than
 * failing the whole answer.
 */
import { invalid } from "./ir";

export type JSONObject = Record<string, unknown>;

export const isObject = (v: unknown): v is JSONObject => typeof v === "object" && v !== null && !Array.isArray(v);

const absent = (v: unknown): v is null | undefined => v === undefined || v === null;

const mismatch = (v: unknown, field: string, expected: string) =>
  invalid(absent(v) ? `${field} is required` : `${field} must be ${expected}`);

export function object(v: unknown, field: string): JSONObject {
  if (!isObject(v)) throw mismatch(v, field, "an object");
  return v;
}

export function array(v: unknown, field: string): unknown[] {
  if (!Array.isArray(v)) throw mismatch(v, field, "an array");
  return v;
}

export function string(v: unknown, field: string): string {
  if (typeof v !== "string") throw mismatch(v, field, "a string");
  return v;
}

export function nonEmptyString(v: unknown, field: string): string {
  if (string(v, field) === "") throw invalid(`${field} must not be empty`);
  return v as string;
}

export function number(v: unknown, field: string): number {
  if (typeof v !== "number" || !Number.isFinite(v)) throw mismatch(v, field, "a number");
  return v;
}

/** A non-negative integer (token counts). */
export function count(v: unknown, field: string): number {
  if (!Number.isInteger(v) || (v as number) < 0) throw mismatch(v, field, "a non-negative integer");
  return v as number;
}

export function positiveInteger(v: unknown, field: string): number {
  if (!Number.isInteger(v) || (v as number) < 1) throw mismatch(v, field, "a positive integer");
  return v as number;
}

export function boolean(v: unknown, field: string): boolean {
  if (typeof v !== "boolean") throw mismatch(v, field, "a boolean");
  return v;
}

export function oneOf<T extends string>(v: unknown, field: string, allowed: readonly T[]): T {
  if (!allowed.includes(v as T)) throw mismatch(v, field, `one of ${allowed.join(", ")}`);
  return v as T;
}

export const stringArray = (v: unknown, field: string): string[] =>
  array(v, field).map((s, i) => string(s, `${field}[${i}]`));

/** An optional field: absent gives undefined, anything else must pass `read`. */
export function optional<T>(v: unknown, field: string, read: (v: unknown, field: string) => T): T | undefined {
  return absent(v) ? undefined : read(v, field);
}

/** Tool arguments as JSON text: some senders give an object instead of a string; "" or none means "{}". */
export function argumentsText(v: unknown): string {
  if (typeof v === "string") return v === "" ? "{}" : v;
  return absent(v) ? "{}" : JSON.stringify(v);
}

/** Tool arguments as an object; blank text is `{}`, and undefined means they are not an object. */
export function argumentsObject(json: string): JSONObject | undefined {
  if (json.trim() === "") return {};
  const value = parseJSON(json);
  return isObject(value) ? value : undefined;
}

/** JSON text → its value; undefined when the text is not JSON. */
export function parseJSON(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** What JSON.stringify writes escaped in a string: quotes, backslashes, control characters, and (when lone) surrogates. */
const ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;

/** `JSON.stringify(text)`, quicker for text with nothing to escape, as most streamed text is. */
export const jsonString = (text: string): string => (ESCAPED.test(text) ? JSON.stringify(text) : `"${text}"`);

/**
 * `open + JSON.stringify(text) + close`, where `open` ends with the string's opening quote and
 * `close` starts with its closing one: a single concatenation when nothing in `text` needs
 * escaping. An event written this way is one rope for the response to flatten, not one per part.
 */
export const jsonStringBetween = (open: string, text: string, close: string): string =>
  ESCAPED.test(text) ? `${open.slice(0, -1)}${JSON.stringify(text)}${close.slice(1)}` : `${open}${text}${close}`;

/** Drops keys whose value is undefined, so optional fields are absent rather than present-but-undefined. */
export const compact = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/** `own(table, key)`: a lookup that ignores inherited keys such as "constructor". */
export const own = <V>(table: Record<string, V>, key: unknown): V | undefined =>
  typeof key === "string" && Object.hasOwn(table, key) ? table[key] : undefined;

export const asString = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
/** Token counts and timestamps: anything but a finite number reads as 0. */
export const asNumber = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) ? v : 0);
export const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const asObject = (v: unknown): JSONObject => (isObject(v) ? v : {});
