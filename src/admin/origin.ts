/**
 * Whether a request carrying the session cookie came from the panel's own origin (or one listed in
 * `server.cors_origins`), so another site cannot drive the admin API with the browser's cookie.
 * A request with neither `Sec-Fetch-Site` nor `Origin` comes from no browser (curl, scripts): no
 * other site can have sent it.
 */
export function fromAllowedOrigin(request: Request, allowed: ReadonlySet<string>): boolean {
  const site = request.headers.get("sec-fetch-site");
  if (site === "same-origin" || site === "none") return true;
  const origin = request.headers.get("origin");
  if (origin !== null && allowed.has(origin)) return true;
  // The browser itself says another site sent it.
  if (site !== null) return false;
  if (origin === null) return true;
  try {
    return new URL(origin).host === request.headers.get("host");
  } catch {
    return false;
  }
}
