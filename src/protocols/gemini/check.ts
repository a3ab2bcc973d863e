/** Type guards for reading untrusted JSON; each failure names the offending field. */
import { invalid } from "../ir";

export type JSONObject = Record<string, unknown>;

export const isObject = (v: unknown): v is JSONObject => typeof v === "object" && v !== null && !Array.isArray(v);

export function object(v: unknown, field: string): JSONObject {
  if (!isObject(v)) throw invalid(`${field} must be an object`);
  return v;
}

export function array(v: unknown, field: string): unknown[] {
  if (!Array.isArray(v)) throw invalid(`${field} must be an array`);
  return v;
}

export function string(v: unknown, field: string): string {
  if (typeof v !== "string") throw invalid(`${field} must be a string`);
  return v;
}

export function optionalString(v: unknown, field: string): string | undefined {
  return v === undefined || v === null ? undefined : string(v, field);
}

export function optionalNumber(v: unknown, field: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "number" || !Number.isFinite(v)) throw invalid(`${field} must be a number`);
  return v;
}

export function optionalBoolean(v: unknown, field: string): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "boolean") throw invalid(`${field} must be a boolean`);
  return v;
}

export function optionalObject(v: unknown, field: string): JSONObject | undefined {
  return v === undefined || v === null ? undefined : object(v, field);
}

export function optionalStrings(v: unknown, field: string): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  return array(v, field).map((s, i) => string(s, `${field}[${i}]`));
}
