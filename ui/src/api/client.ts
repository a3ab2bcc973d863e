/**
 * The one way the panel talks to the admin API: JSON over fetch, the session in an HttpOnly
 * cookie, errors as ApiError with the server's message. A 401 outside sign-in hands control to
 * the session handler (back to sign-in, then to where the user was).
 */
export const API_BASE = "/api/v1";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
  /** No answer at all: the server is down or unreachable. */
  get offline() {
    return this.status === 0;
  }
}

let onUnauthorized: () => void = () => {};
/** Called on a 401 from any route but sign-in: the session has ended. */
export const setUnauthorizedHandler = (handler: () => void) => void (onUnauthorized = handler);

export async function request<T>(method: string, path: string, body?: unknown, init: { fetch?: typeof fetch } = {}): Promise<T> {
  const doFetch = init.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(API_BASE + path, {
      method,
      credentials: "same-origin",
      headers: body === undefined ? { accept: "application/json" } : { accept: "application/json", "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, "network");
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!response.ok) {
    if (response.status === 401 && path !== "/user/login") onUnauthorized();
    const message = (json as { error?: { message?: string } } | undefined)?.error?.message;
    throw new ApiError(response.status, message ?? `${response.status} ${response.statusText}`.trim());
  }
  return json as T;
}

/** Query-string from an object, leaving out empty values. */
export function queryString(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== "") search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : "";
}

export const api = {
  get: <T>(path: string) => request<T>("GET", path),
  post: <T>(path: string, body: unknown = {}) => request<T>("POST", path, body),
  delete: <T>(path: string) => request<T>("DELETE", path),
};
