/**
 * Google's OAuth token endpoint (oauth2.googleapis.com/token) as an installed app's refresh tokens
 * meet it: `grant_type=refresh_token` with the client's id and secret, answered with a fresh
 * access token, or with Google's own error JSON. Tokens it issued can be expired and revoked.
 */
import { serveLocally } from "./plumbing";

export interface OAuthMockOptions {
  clientId: string;
  clientSecret: string;
  /** The refresh tokens it knows; others get `invalid_grant`. */
  refreshTokens: string[];
  /** What `expires_in` says; Google's is an hour less a second. */
  lifetimeS?: number;
}

const oauthError = (status: number, error: string, description: string) =>
  Response.json({ error, error_description: description }, { status, headers: { "content-type": "application/json; charset=utf-8" } });

export function createOAuthMock(opts: OAuthMockOptions) {
  const revoked = new Set<string>();
  /** Access token → the refresh token it was issued for. */
  const issued = new Map<string, string>();
  const expired = new Set<string>();
  /** Each exchange request, answered or not. */
  const exchanges: { refreshToken: string; clientId: string }[] = [];
  let gate: Promise<void> | undefined;
  let open = () => {};

  async function fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (request.method !== "POST" || url.pathname !== "/token") return new Response("Not Found", { status: 404 });
    if (!request.headers.get("content-type")?.startsWith("application/x-www-form-urlencoded"))
      return oauthError(400, "invalid_request", "Invalid content type.");
    const form = new URLSearchParams(await request.text());
    const refreshToken = form.get("refresh_token") ?? "";
    exchanges.push({ refreshToken, clientId: form.get("client_id") ?? "" });
    await gate;
    if (form.get("grant_type") !== "refresh_token") return oauthError(400, "unsupported_grant_type", "Invalid grant_type: " + (form.get("grant_type") ?? ""));
    if (form.get("client_id") !== opts.clientId || form.get("client_secret") !== opts.clientSecret)
      return oauthError(401, "invalid_client", "The OAuth client was not found.");
    if (!opts.refreshTokens.includes(refreshToken) || revoked.has(refreshToken)) return oauthError(400, "invalid_grant", "Token has been expired or revoked.");
    const accessToken = `ya29.a0Mock${issued.size + 1}${crypto.randomUUID().replace(/-/g, "")}`;
    issued.set(accessToken, refreshToken);
    return Response.json({
      access_token: accessToken,
      expires_in: opts.lifetimeS ?? 3599,
      scope: "https://www.googleapis.com/auth/cloud-platform https://www.googleapis.com/auth/userinfo.email openid",
      token_type: "Bearer",
    });
  }

  const server = serveLocally(fetch);
  return {
    /** The token endpoint's URL, for `antigravity.oauth_token_url`. */
    url: `${server.origin}/token`,
    exchanges,
    /** Whether an access token it issued is still good. */
    live: (accessToken: string) => issued.has(accessToken) && !expired.has(accessToken) && !revoked.has(issued.get(accessToken)!),
    /** Google revokes the refresh token (the user signed out, changed password, revoked access). */
    revoke: (refreshToken: string) => void revoked.add(refreshToken),
    /** Every access token issued so far lapses (as if its hour had passed). */
    expireAll: () => issued.forEach((_r, token) => expired.add(token)),
    /** Holds every exchange until `release()`: concurrent callers can be seen to share one. */
    hold() {
      gate = new Promise((resolve) => (open = resolve));
    },
    release() {
      open();
      gate = undefined;
    },
    stop: () => server.stop(),
  };
}

export type OAuthMock = ReturnType<typeof createOAuthMock>;
