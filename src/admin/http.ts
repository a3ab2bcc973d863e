import { t } from "elysia";

/** Admin API errors: `{"error":{"message":"…"}}` with a 4xx/5xx status. */

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const errorBody = (message: string) => ({ error: { message } });

export const notFound = (what: string, id: number | string) => new HttpError(404, `${what} ${id} not found`);

/** Record ids are 32-bit integer columns on every database. */
export const MAX_ID = 2 ** 31 - 1;

/** A record id in a body; `minimum` 0 where 0 means none. */
export const idField = (minimum = 1) => t.Integer({ minimum, maximum: MAX_ID });

/** A time in epoch milliseconds in a body, within what every database's bigint and JS hold exactly. */
export const timeField = () => t.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });

/** Parses an integer path or query parameter within bounds, or fails with 400 naming it and them. */
export function intParam(raw: string, name: string, min: number, max: number): number {
  const n = Number(raw);
  if (!/^-?[0-9]+$/.test(raw) || n < min || n > max) throw new HttpError(400, `${name} must be an integer from ${min} to ${max}`);
  return n;
}

/** The same for a parameter that may be left out (or empty, as a form's blank filter sends it). */
export const optionalIntParam = (raw: string | undefined, name: string, min: number, max: number) =>
  raw === undefined || raw === "" ? undefined : intParam(raw, name, min, max);

export const idParam = (raw: string, name = "id") => intParam(raw, name, 1, MAX_ID);
