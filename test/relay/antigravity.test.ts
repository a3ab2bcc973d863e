/**
 * Antigravity channels end to end: Octopus with its token endpoint pointed at a local OAuth mock
 * (OCTOPUS_ANTIGRAVITY_*), a mock Cloud Code upstream, and clients of every format through their
 * official SDKs, streamed and not, to a Gemini model and to a Claude model with thinking. Also:
 * one exchange per refresh token under concurrency, an access token the API refuses, and a
 * revoked refresh token failing its key (the provider's error in channel health) while the
 * channel's other key serves.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { FORMATS } from "../../src/protocols/ir";
import { createAntigravityMock } from "../mocks/antigravity";
import { createOAuthMock } from "../mocks/google-oauth";
import { serveLocally } from "../mocks/plumbing";
import { SCENARIO } from "../mocks/scenario";
import { startTestOctopus, type TestOctopus } from "../octopus";
import { until } from "../until";
import { clientDriver } from "./clients";
import { CLIENT_PATH, minimalRequest } from "./harness";

const CLIENT = { clientId: "e2e-client.apps.googleusercontent.com", clientSecret: "GOCSPX-e2e-client-secret" };
const REFRESH = "1//0gE2eMainRefreshToken-abcdefghijklmnopqrstuv";
const CONCURRENT = "1//0gE2eConcurrentRefreshToken-abcdefghijklmn";
const SPARE = "1//0gE2eSpareRefreshToken-abcdefghijklmnopqrst";
const REVOKED = "1//0gE2eRevokedRefreshToken-abcdefghijklmnopq";
const BACKUP = "1//0gE2eBackupRefreshToken-abcdefghijklmnopqr";
const EXPIRED_ACCESS = "ya29.a0E2eExpiredAccessToken0123456789abcdef";
const PROJECT = "e2e-project-7c1d";
const MODELS = { gemini: "gemini-2.5-flash", claude: "claude-sonnet-4-5" };

const oauth = createOAuthMock({ ...CLIENT, refreshTokens: [REFRESH, CONCURRENT, SPARE, REVOKED, BACKUP] });
const upstream = createAntigravityMock({ accepts: (token) => oauth.live(token), project: PROJECT });
const server = serveLocally(upstream.fetch);
let octopus: TestOctopus;
let admin: string;
let key: string;

async function channel(name: string, keys: string[]) {
  const created = await octopus.api("POST", "/api/v1/channel/create", {
    token: admin,
    body: { name, type: "antigravity", base_urls: [{ url: server.origin }], keys: keys.map((k) => ({ key: k })), models: Object.values(MODELS) },
  });
  if (created.status !== 200) throw new Error(JSON.stringify(created.body));
  for (const [family, model] of Object.entries(MODELS)) {
    const group = await octopus.api("POST", "/api/v1/group/create", {
      token: admin,
      body: { name: `${name}-${family}`, mode: "failover", items: [{ channel_id: created.body.id, model }] },
    });
    if (group.status !== 200) throw new Error(JSON.stringify(group.body));
  }
  return created.body.id as number;
}

const exchangesOf = (refreshToken: string) => oauth.exchanges.filter((e) => e.refreshToken === refreshToken).length;
const healthOf = async (id: number) => (await octopus.api("GET", "/api/v1/channel/health", { token: admin })).body.find((c: any) => c.channel_id === id);
const ask = (group: string) =>
  fetch(`${octopus.url}${CLIENT_PATH["openai-chat"](group, false)}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: JSON.stringify(minimalRequest("openai-chat", group, false)),
  });

beforeAll(async () => {
  octopus = await startTestOctopus({
    env: {
      OCTOPUS_ANTIGRAVITY_OAUTH_TOKEN_URL: oauth.url,
      OCTOPUS_ANTIGRAVITY_CLIENT_ID: CLIENT.clientId,
      OCTOPUS_ANTIGRAVITY_CLIENT_SECRET: CLIENT.clientSecret,
    },
  });
  admin = await octopus.login();
  await channel("ag", [REFRESH]);
  key = (await octopus.api("POST", "/api/v1/apikey/create", { token: admin, body: { name: "e2e" } })).body.key;
});
afterAll(async () => {
  await octopus.close();
  server.stop();
  oauth.stop();
});

/** What the client of each format shows of the thoughts it asked for: Chat Completions shows none through its SDK. */
const SHOWS_THOUGHTS = new Set(["openai-responses", "anthropic", "gemini"]);

describe("every client format, streamed and not", () => {
  for (const client of FORMATS) {
    for (const stream of [false, true]) {
      test(`${client} → Gemini model, ${stream ? "streamed" : "not streamed"}`, async () => {
        const before = upstream.calls.length;
        const turn = await clientDriver(client, octopus.url, key).plain("ag-gemini", stream);
        expect(turn.text).toBe(SCENARIO.text);
        expect(turn.toolCall).toBeUndefined();
        expect(turn.usage).toBeDefined();
        const calls = upstream.calls.slice(before).filter((c) => c.path.includes("GenerateContent") || c.path.includes("generateContent"));
        expect(calls).toHaveLength(1);
        const call = calls[0];
        expect(call.path).toBe(stream ? "/v1internal:streamGenerateContent?alt=sse" : "/v1internal:generateContent");
        expect(call.body).toMatchObject({ model: MODELS.gemini, project: PROJECT, request: { contents: [{ role: "user" }] } });
        expect(oauth.live(call.headers.authorization.replace("Bearer ", ""))).toBe(true);
      });

      test(`${client} → Claude model with thinking, ${stream ? "streamed" : "not streamed"}`, async () => {
        const before = upstream.calls.length;
        const turn = await clientDriver(client, octopus.url, key).plain("ag-claude", stream, true);
        expect(turn.text).toBe(SCENARIO.text);
        const call = upstream.calls.slice(before).find((c) => c.path.includes("enerateContent"))!;
        expect(call.body).toMatchObject({ model: MODELS.claude, project: PROJECT });
        expect(call.body.request.generationConfig.thinkingConfig.thinkingBudget).toBeGreaterThan(0);
        if (SHOWS_THOUGHTS.has(client)) {
          expect(turn.thinking).toBe(SCENARIO.thinking);
          expect(turn.signatures?.length).toBeGreaterThan(0);
        }
      });

      test(`${client} → Claude model, tool call round trip, ${stream ? "streamed" : "not streamed"}`, async () => {
        const [first, second] = await clientDriver(client, octopus.url, key).toolRoundTrip("ag-claude", stream);
        expect(first.toolCall).toMatchObject({ name: SCENARIO.toolCall.name, args: SCENARIO.toolCall.arguments });
        expect(second.text).toBe(SCENARIO.afterTool);
        // The call and its result reached Cloud Code inside the envelope, as Gemini parts.
        const replay = upstream.calls.at(-1)!.body;
        expect(JSON.stringify(replay.request.contents)).toContain('"functionResponse"');
      });
    }
  }

  test("the refresh token was exchanged once for all of them: the access token and project are cached", () => {
    expect(exchangesOf(REFRESH)).toBe(1);
    expect(upstream.loadCodeAssistCalls()).toBe(1);
  });
});

test("a Gemini client's streamed answer is Google's stream without the envelope, event by event", async () => {
  const response = await fetch(`${octopus.url}${CLIENT_PATH.gemini("ag-gemini", true)}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-goog-api-key": key },
    body: JSON.stringify(minimalRequest("gemini", "ag-gemini", true)),
  });
  const text = await response.text();
  const events = text.split(/\r?\n\r?\n/).filter((e) => e.startsWith("data: ")).map((e) => JSON.parse(e.slice(6)));
  expect(events.length).toBeGreaterThan(1);
  for (const event of events) {
    expect(event.response).toBeUndefined();
    expect(event.traceId).toBeUndefined();
    expect(event.candidates).toBeDefined();
  }
  expect(events.at(-1).usageMetadata).toMatchObject({ promptTokenCount: SCENARIO.usage.inputTokens });
});

test("20 concurrent requests on a key not yet exchanged share a single refresh", async () => {
  await channel("ag-busy", [CONCURRENT]);
  oauth.hold();
  const inFlight = octopus.octopus.relay.inFlight!;
  const answers = Array.from({ length: 20 }, () => ask("ag-busy-gemini"));
  await until(() => inFlight.requests === 20 && exchangesOf(CONCURRENT) === 1, "20 requests waiting on the exchange");
  oauth.release();
  const statuses = await Promise.all(answers.map(async (a) => (await a).status));
  expect(statuses).toEqual(Array(20).fill(200));
  expect(exchangesOf(CONCURRENT)).toBe(1);
});

test("an access token the API refuses (401) fails its key; once the channel is saved again, a refresh token is exchanged anew", async () => {
  const id = await channel("ag-expiring", [EXPIRED_ACCESS]);
  const refused = await ask("ag-expiring-gemini");
  expect(refused.status).toBe(502);
  expect(JSON.stringify(await refused.json())).toContain("refused its credentials (401)");
  const key = (await healthOf(id)).keys[0];
  expect(key.state).toBe("failed");
  expect(key.last_error).toContain("Request had invalid authentication credentials");
  expect(key.last_error).not.toContain(EXPIRED_ACCESS);

  // A refresh token whose cached access token lapses: the 401 drops it, and the next try exchanges again.
  const spare = await channel("ag-spare", [SPARE]);
  expect((await ask("ag-spare-gemini")).status).toBe(200);
  expect(exchangesOf(SPARE)).toBe(1);
  oauth.expireAll();
  expect((await ask("ag-spare-gemini")).status).toBe(502);
  expect((await healthOf(spare)).keys[0].state).toBe("failed");
  const stored = (await octopus.api("GET", "/api/v1/channel/list", { token: admin })).body.find((c: any) => c.id === spare);
  expect((await octopus.api("POST", "/api/v1/channel/update", { token: admin, body: { id: spare, name: stored.name, enabled: true } })).status).toBe(200);
  expect((await ask("ag-spare-gemini")).status).toBe(200);
  expect(exchangesOf(SPARE)).toBe(2);
});

test("a revoked refresh token fails its key with Google's invalid_grant in channel health, never the token; the channel's other key serves", async () => {
  oauth.revoke(REVOKED);
  const id = await channel("ag-revoked", [REVOKED, BACKUP]);
  const answer = await ask("ag-revoked-gemini");
  expect(answer.status).toBe(200);
  const [revoked, good] = (await healthOf(id)).keys;
  expect(revoked.state).toBe("failed");
  expect(revoked.last_error).toContain("invalid_grant");
  expect(revoked.last_error).toContain("Token has been expired or revoked.");
  expect(JSON.stringify(await healthOf(id))).not.toContain(REVOKED);
  expect(good.state).toBe("ok");
});

test("the admin API's channel test, model fetch and sync reach Antigravity through the same authorize step", async () => {
  const id = await channel("ag-admin", [BACKUP]);
  const tested = await octopus.api("POST", "/api/v1/channel/test", { token: admin, body: { id, model: MODELS.claude } });
  expect(tested.body).toMatchObject({ ok: true, status: 200, answer: SCENARIO.text });

  const fetched = await octopus.api("POST", "/api/v1/channel/fetch-models", { token: admin, body: { type: "antigravity", base_url: server.origin, key: BACKUP } });
  expect(fetched.body).toEqual({ models: Object.values(MODELS) });
  const synced = await octopus.api("POST", "/api/v1/channel/sync", { token: admin, body: { id } });
  expect(synced.body.models).toEqual(Object.values(MODELS));
});
