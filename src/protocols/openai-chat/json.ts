/** Readers for untrusted JSON that throw a 400 naming the offending field instead of a TypeError. */
import { invalid } from "../ir";

export type JSONObject = Record<string, unknown>;

export const isObject = (v: unknown): v is JSONObject => typeof v === "object" && v !== null && !Array.isArray(v);

/** `undefined` and `null` both mean "absent" in OpenAI request bodies. */
const absent = (v: unknown): v is null | undefined => v === undefined || v === null;

export function object(v: unknown, path: string): JSONObject {
  if (!isObject(v)) throw invalid(`${path} must be an object`);
  return v;
}

export function array(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) throw invalid(`${path} must be an array`);
  return v;
}

export function string(v: unknown, path: string): string {
  if (absent(v)) throw invalid(`${path} is required`);
  if (typeof v !== "string") throw invalid(`${path} must be a string`);
  return v;
}

export function optString(v: unknown, path: string): string | undefined {
  return absent(v) ? undefined : string(v, path);
}

export function optNumber(v: unknown, path: string): number | undefined {
  if (absent(v)) return undefined;
  if (typeof v !== "number" || !Number.isFinite(v)) throw invalid(`${path} must be a number`);
  return v;
}

export function optPositiveInt(v: unknown, path: string): number | undefined {
  const n = optNumber(v, path);
  if (n !== undefined && (!Number.isInteger(n) || n < 1)) throw invalid(`${path} must be a positive integer`);
  return n;
}

export function optBoolean(v: unknown, path: string): boolean | undefined {
  if (absent(v)) return undefined;
  if (typeof v !== "boolean") throw invalid(`${path} must be a boolean`);
  return v;
}

/** Tool arguments as JSON text: some upstreams send an object instead of a string; "" means none. */
export function argumentsText(v: unknown): string {
  if (typeof v === "string") return v === "" ? "{}" : v;
  if (absent(v)) return "{}";
  return JSON.stringify(v);
}

/** Drops keys whose value is `undefined`, so optional fields are absent rather than present-but-empty. */
export function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
