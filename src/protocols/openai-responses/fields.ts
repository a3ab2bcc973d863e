/** Typed reads of untrusted JSON: client input fails with a 400 naming the field, never a TypeError. */
import { invalid } from "../ir";

export type JSONObject = Record<string, unknown>;

export const isObject = (value: unknown): value is JSONObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export function requireObject(value: unknown, field: string): JSONObject {
  if (!isObject(value)) throw invalid(`${field} must be an object`);
  return value;
}

export function requireString(value: unknown, field: string): string {
  if (typeof value !== "string") throw invalid(`${field} must be a string`);
  return value;
}

export function requireArray(value: unknown, field: string): unknown[] {
  if (!Array.isArray(value)) throw invalid(`${field} must be an array`);
  return value;
}

/** `null` counts as absent, as the OpenAI API treats it. */
export function optionalString(value: unknown, field: string): string | undefined {
  return value === undefined || value === null ? undefined : requireString(value, field);
}

export function optionalNumber(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value)) throw invalid(`${field} must be a number`);
  return value;
}

export function optionalBoolean(value: unknown, field: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") throw invalid(`${field} must be a boolean`);
  return value;
}

/** Drops the fields whose value is undefined, so optional IR fields are absent rather than undefined. */
export const compact = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

/** Lenient reads for upstream bodies: a wrong type reads as absent. */
export const str = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);
export const num = (value: unknown): number => (typeof value === "number" && Number.isFinite(value) ? value : 0);
export const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
export const obj = (value: unknown): JSONObject => (isObject(value) ? value : {});
