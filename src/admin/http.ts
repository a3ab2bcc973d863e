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

/** Parses a numeric path parameter or fails with 400 naming it. */
export function idParam(raw: string, name = "id"): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id <= 0) throw new HttpError(400, `${name} must be a positive integer`);
  return id;
}
