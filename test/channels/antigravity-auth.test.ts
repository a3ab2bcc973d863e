/**
 * Antigravity's authorize step against a local OAuth token endpoint and a mock Cloud Code API over
 * loopback: refresh-token exchange, caching, early refresh (on an injected clock), one exchange
 * for concurrent callers, access tokens sent as they are, refused tokens; and model listing.
 */
import { afterAll, beforeEach, describe, expect, test } from "bun:test";
import { antigravityTarget } from "../../src/channels/antigravity";
import { EARLY_REFRESH_MS } from "../../src/channels/antigravity/oauth";
import { Authorizers } from "../../src/channels/authorizers";
import { ModelFetchError } from "../../src/channels/sync/error";
import { fetchModels } from "../../src/channels/sync/fetch";
import { AuthorizeError, type Authorizer } from "../../src/channels/target";
import { REAL_CLOCK, type Clock } from "../../src/clock";
import { defaultConfig } from "../../src/config";
import { createAntigravityMock } from "../mocks/antigravity";
import { createOAuthMock } from "../mocks/google-oauth";
import { serveLocally } from "../mocks/plumbing";
import { until } from "../until";

const CLIENT = { clientId: "test-client.apps.googleusercontent.com", clientSecret: "GOCSPX-test-client-secret" };
const REFRESH = "1//0gMockRefreshTokenForAntigravityTests-abcdefghijklmnop";
const OTHER_REFRESH = "1//0gMockSecondRefreshToken-qrstuvwxyz0123456789";
const PROJECT = "mock-project-4f2a";
const LIFETIME_S = 3600;

const oauth = createOAuthMock({ ...CLIENT, refreshTokens: [REFRESH, OTHER_REFRESH], lifetimeS: LIFETIME_S });
const upstream = createAntigravityMock({ accepts: (token) => oauth.live(token) || token === "ya29.fixed-access-token-0123456789", project: PROJECT });
const server = serveLocally(upstream.fetch);
const BASE = server.origin;
afterAll(() => {
  server.stop();
  oauth.stop();
});

/** A clock the test moves by hand. */
function manualClock(): Clock & { advance(ms: number): void } {
  let now = Date.now();
  return { ...REAL_CLOCK, now: () => now, advance: (ms) => void (now += ms) };
}

const config = () => {
  const c = defaultConfig();
  c.antigravity = { oauth_token_url: oauth.url, client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret };
  return c;
};
const call = () => ({ signal: new AbortController().signal });
let clock: ReturnType<typeof manualClock>;
let authorizer: Authorizer;
beforeEach(() => {
  clock = manualClock();
  authorizer = new Authorizers(config(), clock).of(antigravityTarget)!;
  oauth.exchanges.length = 0;
});

async function refusal(promise: Promise<unknown>): Promise<AuthorizeError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AuthorizeError);
  return error as AuthorizeError;
}

describe("refresh tokens", () => {
  test("a refresh token is exchanged for an access token with the configured client; the project comes from loadCodeAssist", async () => {
    const loads = upstream.loadCodeAssistCalls();
    const credential = await authorizer.authorize(REFRESH, BASE, call());
    expect(credential.token).toStartWith("ya29.");
    expect(oauth.live(credential.token)).toBe(true);
    expect(credential.project).toBe(PROJECT);
    expect(oauth.exchanges).toEqual([{ refreshToken: REFRESH, clientId: CLIENT.clientId }]);
    expect(upstream.loadCodeAssistCalls()).toBe(loads + 1);
    const load = upstream.calls.findLast((c) => c.path === "/v1internal:loadCodeAssist")!;
    expect(load.headers.authorization).toBe(`Bearer ${credential.token}`);
    expect(load.body.metadata).toMatchObject({ ideType: "ANTIGRAVITY" });
  });

  test("the access token and project are cached: a second call exchanges nothing and asks no project", async () => {
    const first = await authorizer.authorize(REFRESH, BASE, call());
    const loads = upstream.loadCodeAssistCalls();
    const second = await authorizer.authorize(REFRESH, BASE, call());
    expect(second).toEqual(first);
    expect(oauth.exchanges).toHaveLength(1);
    expect(upstream.loadCodeAssistCalls()).toBe(loads);
  });

  test("the token is exchanged anew 5 minutes before it expires, not earlier", async () => {
    const first = await authorizer.authorize(REFRESH, BASE, call());
    clock.advance(LIFETIME_S * 1000 - EARLY_REFRESH_MS - 1000);
    expect((await authorizer.authorize(REFRESH, BASE, call())).token).toBe(first.token);
    expect(oauth.exchanges).toHaveLength(1);
    clock.advance(2000);
    const renewed = await authorizer.authorize(REFRESH, BASE, call());
    expect(renewed.token).not.toBe(first.token);
    expect(oauth.exchanges).toHaveLength(2);
  });

  test("20 concurrent calls share one exchange; each key has its own", async () => {
    oauth.hold();
    const calls = Array.from({ length: 20 }, () => authorizer.authorize(REFRESH, BASE, call()));
    const other = authorizer.authorize(OTHER_REFRESH, BASE, call());
    // Every caller is waiting while the endpoint holds the answers.
    await until(() => oauth.exchanges.length === 2, "both exchanges");
    expect(oauth.exchanges.map((e) => e.refreshToken).sort()).toEqual([REFRESH, OTHER_REFRESH].sort());
    oauth.release();
    const tokens = new Set((await Promise.all(calls)).map((c) => c.token));
    expect(tokens.size).toBe(1);
    expect((await other).token).not.toBe([...tokens][0]);
    expect(oauth.exchanges).toHaveLength(2);
  });

  test("a caller that stops waiting leaves the shared exchange to the others", async () => {
    oauth.hold();
    const stopping = new AbortController();
    const leaving = authorizer.authorize(REFRESH, BASE, { signal: stopping.signal });
    const staying = authorizer.authorize(REFRESH, BASE, call());
    await until(() => oauth.exchanges.length === 1, "the exchange");
    stopping.abort();
    await expect(leaving).rejects.toBeDefined();
    oauth.release();
    expect(oauth.live((await staying).token)).toBe(true);
    expect(oauth.exchanges).toHaveLength(1);
  });

  test("a revoked refresh token is refused with Google's error (401 for the relay: the key failed), never the token", async () => {
    const revoked = "1//0gRevokedRefreshToken-0123456789abcdefghij";
    const error = await refusal(authorizer.authorize(revoked, BASE, call()));
    expect(error.status).toBe(401);
    expect(error.message).toContain("invalid_grant");
    expect(error.message).toContain("Token has been expired or revoked.");
    expect(error.message).not.toContain(revoked);
  });

  test("a wrong client is refused as invalid_client, its secret not quoted", async () => {
    const c = config();
    c.antigravity.client_secret = "GOCSPX-wrong-secret-0123456789";
    const error = await refusal(new Authorizers(c, clock).of(antigravityTarget)!.authorize(REFRESH, BASE, call()));
    expect(error.status).toBe(401);
    expect(error.message).toContain("invalid_client");
    expect(error.message).not.toContain("GOCSPX-wrong");
  });

  test("an unreachable token endpoint is the provider failing (502), not the key", async () => {
    const c = config();
    c.antigravity.oauth_token_url = "http://127.0.0.1:1/token";
    const error = await refusal(new Authorizers(c, clock).of(antigravityTarget)!.authorize(REFRESH, BASE, call()));
    expect(error.status).toBe(502);
    expect(error.message).toMatch(/OAuth token refresh failed: network error/);
  });
});

describe("access tokens", () => {
  test("an access token is sent as it is: no exchange", async () => {
    const credential = await authorizer.authorize("ya29.fixed-access-token-0123456789", BASE, call());
    expect(credential).toEqual({ token: "ya29.fixed-access-token-0123456789", project: PROJECT });
    expect(oauth.exchanges).toHaveLength(0);
  });

  test("an access token the API refuses fails at loadCodeAssist with Google's 401", async () => {
    const error = await refusal(authorizer.authorize("ya29.expired-access-token-0123456789", BASE, call()));
    expect(error.status).toBe(401);
    expect(error.message).toContain("loadCodeAssist answered HTTP 401: Request had invalid authentication credentials");
    expect(error.message).not.toContain("expired-access-token");
  });
});

describe("model listing", () => {
  test("fetchAvailableModels is posted with the account's project; the ids are the keys of `models`", async () => {
    const authorizers = new Authorizers(config(), clock);
    const models = await fetchModels({ type: "antigravity", baseUrl: BASE, key: REFRESH }, { timeoutMs: 5000, authorizers });
    expect(models).toEqual(["gemini-2.5-flash", "claude-sonnet-4-5"]);
    const list = upstream.calls.findLast((c) => c.path === "/v1internal:fetchAvailableModels")!;
    expect(list.body).toEqual({ project: PROJECT });
    expect(oauth.live(list.headers.authorization!.replace("Bearer ", ""))).toBe(true);
  });

  test("a revoked refresh token is a refused key for listing too", async () => {
    const authorizers = new Authorizers(config(), clock);
    const error = await fetchModels({ type: "antigravity", baseUrl: BASE, key: "1//0gUnknownRefreshToken-zzzzzzzzzzzzzzzzzz" }, { timeoutMs: 5000, authorizers }).catch((e) => e);
    expect(error).toBeInstanceOf(ModelFetchError);
    expect(error.kind).toBe("rejected_key");
    expect(error.message).toContain("invalid_grant");
  });
});
