/**
 * Helpers for what each format's adapter reads of a client's request before decoding it (also
 * when it passes through unchanged): whether it carries a conversation, its output limit, and
 * the conversation it names for sticky routing. Property lookups only: this runs per request.
 */
import type { PassedThrough } from "./adapter";
import { KIND_STATUS, type IRError } from "./ir";

export type Json = Record<string, unknown>;

/** `field` must hold an array (or, when `orText`, a string): the conversation a request is about. */
export function missingField(body: Json, field: string, orText = false): IRError | undefined {
  const value = body[field];
  if (Array.isArray(value) || (orText && typeof value === "string")) return undefined;
  return { kind: "invalid_request", status: KIND_STATUS.invalid_request, message: value === undefined ? `${field} is required` : `${field} must be an array` };
}

/** Passing through to a format that names the model in the body: the client's text unless the model changes. */
export const withModel = (body: Json, text: string, model: string): PassedThrough =>
  body.model === model ? { body, text } : { body: { ...body, model } };

/** A limit the client set: a positive number, else none. */
export const positive = (value: unknown): number | undefined => (typeof value === "number" && value > 0 ? value : undefined);

/** Longer conversation names are cut: a client cannot make one entry of the sticky map large. */
const MAX_KEY = 200;

/** A non-empty string, cut to the longest conversation name kept. */
export const keyText = (v: unknown) => (typeof v === "string" && v !== "" ? v.slice(0, MAX_KEY) : undefined);

/** The first of `names` the client sent, as a conversation name. */
export function keyHeader(headers: Headers, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = keyText(headers.get(name));
    if (value) return value;
  }
  return undefined;
}
