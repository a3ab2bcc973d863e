/** Readers for untrusted JSON: each returns the typed value or throws a 400 naming the field. */
import { invalid } from "../ir";

export type Obj = Record<string, unknown>;

export const isObject = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

const fail = (v: unknown, field: string, expected: string) =>
  invalid(v === undefined ? `${field}: is required` : `${field}: must be ${expected}`);

export function object(v: unknown, field: string): Obj {
  if (!isObject(v)) throw fail(v, field, "an object");
  return v;
}

export function array(v: unknown, field: string): unknown[] {
  if (!Array.isArray(v)) throw fail(v, field, "an array");
  return v;
}

export function string(v: unknown, field: string): string {
  if (typeof v !== "string") throw fail(v, field, "a string");
  return v;
}

export function nonEmptyString(v: unknown, field: string): string {
  if (string(v, field) === "") throw invalid(`${field}: must not be empty`);
  return v as string;
}

export function number(v: unknown, field: string): number {
  if (typeof v !== "number" || !Number.isFinite(v)) throw fail(v, field, "a number");
  return v;
}

export function count(v: unknown, field: string): number {
  if (!Number.isInteger(v) || (v as number) < 0) throw fail(v, field, "a non-negative integer");
  return v as number;
}

export function boolean(v: unknown, field: string): boolean {
  if (typeof v !== "boolean") throw fail(v, field, "a boolean");
  return v;
}

export function oneOf<T extends string>(v: unknown, field: string, allowed: readonly T[]): T {
  if (!allowed.includes(v as T)) throw fail(v, field, `one of ${allowed.join(", ")}`);
  return v as T;
}

/** Reads an optional field: absent or null gives undefined, anything else must pass `read`. */
export function optional<T>(v: unknown, field: string, read: (v: unknown, field: string) => T): T | undefined {
  return v === undefined || v === null ? undefined : read(v, field);
}

export const stringArray = (v: unknown, field: string): string[] =>
  array(v, field).map((s, i) => string(s, `${field}[${i}]`));

/** `own(table, key)`: a lookup that ignores inherited keys such as "constructor". */
export const own = <V>(table: Record<string, V>, key: unknown): V | undefined =>
  typeof key === "string" && Object.hasOwn(table, key) ? table[key] : undefined;
