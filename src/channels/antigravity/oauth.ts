/**
 * Access tokens for Antigravity refresh tokens: exchanged at Google's OAuth token endpoint
 * (`grant_type=refresh_token` with the Antigravity app's client, as router-for-me/CLIProxyAPI does
 * in internal/runtime/executor/antigravity_executor_auth.go), cached per refresh token and
 * exchanged again 5 minutes before they expire, one exchange at a time per refresh token.
 */
import type { Clock } from "../../clock";
import { asString, isObject } from "../../protocols/json";
import { SharedFetches } from "../shared-fetches";
import { AuthorizeError } from "../target";
import { post, providerWords, refusalStatus } from "./post";

export interface OAuthClient {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
}

/** A token this close to its expiry is exchanged anew, so no call goes out with one about to lapse. */
export const EARLY_REFRESH_MS = 5 * 60_000;
/** When the endpoint names no lifetime: Google's access tokens live an hour. */
const DEFAULT_LIFETIME_S = 3600;

interface AccessToken {
  token: string;
  expiresAt: number;
}

export class AccessTokens {
  private readonly cached = new Map<string, AccessToken>();
  private readonly exchanges = new SharedFetches<AccessToken>();

  constructor(
    private readonly client: OAuthClient,
    private readonly clock: Clock,
  ) {}

  /** A live access token for `refreshToken`. Throws AuthorizeError: 401 when Google refused the refresh token (`invalid_grant`). */
  async get(refreshToken: string, call: { signal: AbortSignal; proxy?: string }): Promise<string> {
    const hit = this.cached.get(refreshToken);
    if (hit && hit.expiresAt - EARLY_REFRESH_MS > this.clock.now()) return hit.token;
    return (await this.exchanges.get(refreshToken, () => this.exchange(refreshToken, call.proxy), call.signal)).token;
  }

  /** The upstream refused the token: the next call exchanges anew. */
  forget(refreshToken: string) {
    this.cached.delete(refreshToken);
  }

  private async exchange(refreshToken: string, proxy?: string): Promise<AccessToken> {
    const form = new URLSearchParams({
      grant_type: "refresh_token",
      refresh_token: refreshToken,
      client_id: this.client.clientId,
      client_secret: this.client.clientSecret,
    });
    const answer = await post("the OAuth token refresh", this.client.tokenUrl, {
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: form.toString(),
      proxy,
    });
    const body = isObject(answer.json) ? answer.json : {};
    if (answer.status !== 200) {
      // {"error": "invalid_grant", "error_description": "Token has been expired or revoked."}
      const code = asString(body.error);
      const description = asString(body.error_description);
      const words = providerWords(code ? [code, description].filter(Boolean).join(": ") : answer.text, [refreshToken, this.client.clientSecret]);
      throw new AuthorizeError(`the OAuth token refresh was refused (HTTP ${answer.status}): ${words || "no reason given"}`, refusalStatus(answer.status));
    }
    const token = asString(body.access_token);
    if (!token) throw new AuthorizeError("the OAuth token endpoint answered without an access_token", 502);
    const lifetime = typeof body.expires_in === "number" && body.expires_in > 0 ? body.expires_in : DEFAULT_LIFETIME_S;
    const fresh = { token, expiresAt: this.clock.now() + lifetime * 1000 };
    this.cached.set(refreshToken, fresh);
    return fresh;
  }
}
