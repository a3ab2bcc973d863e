/**
 * Amp CLI's calls other than model calls, through Octopus to a mock Amp server over loopback:
 * proxied with the operator's key in place of the client's, streams streamed, and only for
 * callers the rules allow (a valid Octopus key; with the localhost restriction, a peer on this
 * machine, told apart by the connection's real source address).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { request as httpRequest } from "node:http";
import { networkInterfaces } from "node:os";
import { redact } from "../../src/secrets";
import { AMP_USER, STREAM_EVENTS } from "../mocks/amp";
import { serveLocally } from "../mocks/plumbing";
import { bearer, call, OPERATOR_KEY, startAmp, type Amp } from "./stage";

/** Neither a header nor the body of `response` carries the operator's key. */
async function expectNoOperatorKey(response: Response) {
  for (const [, value] of response.headers) expect(value).not.toContain(OPERATOR_KEY);
  expect(await response.text()).not.toContain(OPERATOR_KEY);
}

describe("the management proxy", () => {
  let amp: Amp;
  beforeAll(async () => {
    amp = await startAmp();
  });
  afterAll(() => amp.stop());

  test("passes method, path, query, body and headers on, with the operator's key instead of the client's", async () => {
    const user = await call(amp, "/api/user", { headers: { ...bearer(amp.key), "x-amp-client-application": "cli", cookie: "octopus_session=panel" } });
    expect(user.status).toBe(200);
    expect(user.headers.get("x-amp-request-id")).toBe("req-1");
    expect(await user.json()).toEqual(AMP_USER);
    const seen = amp.mock.calls.at(-1)!;
    expect(seen).toMatchObject({ method: "GET", path: "/api/user" });
    expect(seen.headers.authorization).toBe(`Bearer ${OPERATOR_KEY}`);
    expect(seen.headers["x-amp-client-application"]).toBe("cli");
    expect(seen.headers.cookie).toBeUndefined();
    expect(JSON.stringify(seen.headers)).not.toContain(amp.key);

    const rpc = JSON.stringify({ method: "userDisplayBalanceInfo", params: {} });
    const internal = await call(amp, "/api/internal?userDisplayBalanceInfo", { method: "POST", headers: { "x-api-key": amp.key, "content-type": "application/json" }, body: rpc });
    expect(await internal.json()).toEqual({ ok: true, result: { method: "userDisplayBalanceInfo", displayText: "Signed in as operator" } });
    expect(amp.mock.calls.at(-1)).toMatchObject({ method: "POST", path: "/api/internal?userDisplayBalanceInfo", body: rpc });
    expect(amp.mock.calls.at(-1)!.headers["x-api-key"]).toBeUndefined();

    // A key sent as ?key= authenticates here and is taken off the query; the rest of it stays.
    const threads = await call(amp, `/api/threads?limit=5&key=${amp.key}`);
    expect(await threads.json()).toEqual({ threads: [{ id: "T-1", title: "first thread" }], limit: 5 });
    expect(amp.mock.calls.at(-1)!.path).toBe("/api/threads?limit=5");

    const telemetry = await call(amp, "/api/telemetry", { method: "POST", headers: bearer(amp.key), body: "[]" });
    expect(telemetry.status).toBe(204);
    const missing = await call(amp, "/api/no-such-thing", { method: "DELETE", headers: bearer(amp.key) });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: "Not Found" });
    expect(amp.mock.calls.at(-1)).toMatchObject({ method: "DELETE", path: "/api/no-such-thing" });
  });

  test("streams: the first event reaches the client while the Amp server still holds the rest", async () => {
    const response = await call(amp, "/api/stream", { headers: bearer(amp.key) });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    while (!text.includes(STREAM_EVENTS[0])) text += decoder.decode((await reader.read()).value);
    // Only now may the mock send its second half: a proxy that waited for the end would never get here.
    expect(text).toBe(STREAM_EVENTS[0]);
    amp.mock.release();
    for (let part = await reader.read(); !part.done; part = await reader.read()) text += decoder.decode(part.value);
    expect(text).toBe(STREAM_EVENTS.join(""));
  });

  test("refuses callers without a valid Octopus key (401, JSON) before any call to the Amp server", async () => {
    const before = amp.mock.calls.length;
    const token = await amp.octopus.login();
    const disabled = (await amp.octopus.api("POST", "/api/v1/apikey/create", { token, body: { name: "off" } })).body;
    expect((await amp.octopus.api("POST", "/api/v1/apikey/update", { token, body: { id: disabled.id, enabled: false } })).status).toBe(200);
    const cases: [Record<string, string>, string][] = [
      [{}, "missing API key"],
      [bearer("sk-octopus-not-a-real-key-000000000000"), "invalid API key"],
      [{ "x-api-key": "wrong" }, "invalid API key"],
      [bearer(disabled.key), "this API key is disabled"],
      // The operator's own Amp key is no Octopus key.
      [bearer(OPERATOR_KEY), "invalid API key"],
    ];
    for (const [headers, message] of cases) {
      const response = await call(amp, "/api/user", { headers });
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toBe("Bearer");
      expect((await response.json()).error.message).toStartWith(message);
    }
    expect(amp.mock.calls.length).toBe(before);
  });

  test("never proxies the admin API's paths nor the model calls' prefix", async () => {
    const before = amp.mock.calls.length;
    const admin = await call(amp, "/api/v1/no-such-route", { headers: bearer(amp.key) });
    expect(admin.status).toBe(404);
    expect(await admin.json()).toEqual({ error: { message: "not found" } });
    const provider = await call(amp, "/api/provider/openai/v1/threads", { headers: bearer(amp.key) });
    expect(provider.status).toBe(404);
    expect((await provider.json()).error).toMatchObject({ message: "Invalid URL (GET /api/provider/openai/v1/threads)", type: "not_found_error" });
    expect((await call(amp, "/api/provider", { headers: bearer(amp.key) })).status).toBe(404);
    expect(amp.mock.calls.length).toBe(before);
  });

  test("the operator's key reaches neither the client nor the log", async () => {
    for (const path of ["/api/user", "/api/no-such-thing"]) await expectNoOperatorKey(await call(amp, path, { headers: bearer(amp.key) }));
    await expectNoOperatorKey(await call(amp, "/api/user"));
    // An Amp server that echoed the key in a header: the header stays behind.
    const echoed = await call(amp, "/api/echo-auth", { headers: bearer(amp.key) });
    expect(echoed.status).toBe(200);
    expect(echoed.headers.get("x-echo")).toBeNull();
    await expectNoOperatorKey(echoed);
    // Every log line passes through redact, which knows the key once the proxy holds it.
    expect(redact(`calling Amp with Bearer ${OPERATOR_KEY}`)).not.toContain(OPERATOR_KEY);
  });
});

describe("without the Amp server or a key", () => {
  test("an unreachable Amp server is a 502 naming it, without the key", async () => {
    const closed = serveLocally(async () => new Response());
    closed.stop();
    const amp = await startAmp({ OCTOPUS_AMPCODE_UPSTREAM_URL: closed.origin });
    try {
      const response = await call(amp, "/api/user", { headers: bearer(amp.key) });
      expect(response.status).toBe(502);
      const { error } = await response.clone().json();
      expect(error.message).toStartWith(`the Amp server (${closed.origin}) could not be reached: network error`);
      await expectNoOperatorKey(response);
    } finally {
      await amp.stop();
    }
  });

  test("no key in any source is a 503 telling the operator where to put one", async () => {
    const amp = await startAmp({ OCTOPUS_AMPCODE_UPSTREAM_API_KEY: "" });
    try {
      const response = await call(amp, "/api/user", { headers: bearer(amp.key) });
      expect(response.status).toBe(503);
      expect((await response.json()).error.message).toContain("ampcode.upstream_api_key or AMP_API_KEY");
      expect(amp.mock.calls).toHaveLength(0);
    } finally {
      await amp.stop();
    }
  });
});

/** This machine's first non-loopback IPv4 address: a source a connection to 127.0.0.1 may use. */
const outside = Object.values(networkInterfaces())
  .flat()
  .find((a) => a?.family === "IPv4" && !a.internal)?.address;

/** A GET to Octopus on 127.0.0.1 from the local source address given: its peer address is that one. */
function getFrom(amp: Amp, source: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const { port } = new URL(amp.octopus.url);
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: "127.0.0.1", port, path, headers, localAddress: source }, (response) => {
      let body = "";
      response.on("data", (chunk) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode!, body }));
    });
    request.on("error", reject);
    request.end();
  });
}

describe.skipIf(!outside)(`restrict_management_to_localhost (peer ${outside ?? "none"} as the outside one)`, () => {
  let restricted: Amp;
  let open: Amp;
  beforeAll(async () => {
    restricted = await startAmp({ OCTOPUS_AMPCODE_RESTRICT_MANAGEMENT_TO_LOCALHOST: "true" });
    open = await startAmp();
  });
  afterAll(async () => {
    await restricted.stop();
    await open.stop();
  });

  test("on: a local caller needs no key but a key it sends must be valid; others get 403 whatever they send", async () => {
    const local = (headers?: Record<string, string>) => getFrom(restricted, "127.0.0.1", "/api/user", headers);
    const remote = (headers?: Record<string, string>) => getFrom(restricted, outside!, "/api/user", headers);
    expect(await local()).toMatchObject({ status: 200, body: JSON.stringify(AMP_USER) });
    expect((await local(bearer(restricted.key))).status).toBe(200);
    const wrong = await local(bearer("sk-octopus-wrong-0000000000000000"));
    expect(wrong.status).toBe(401);
    expect(JSON.parse(wrong.body).error.message).toBe("invalid API key");
    expect(restricted.mock.calls).toHaveLength(2);

    for (const headers of [undefined, bearer(restricted.key)]) {
      const refused = await remote(headers);
      expect(refused.status).toBe(403);
      expect(JSON.parse(refused.body).error.message).toContain("ampcode.restrict_management_to_localhost");
    }
    // A forwarded-for header names no peer: the connection's own address decides.
    expect((await remote({ "x-forwarded-for": "127.0.0.1", ...bearer(restricted.key) })).status).toBe(403);
    expect(restricted.mock.calls).toHaveLength(2);
    // Model calls are not management calls: an Octopus key is enough from anywhere.
    const models = await getFrom(restricted, outside!, "/api/provider/openai/v1/models", bearer(restricted.key));
    expect(models.status).toBe(200);
  });

  test("off: the address does not matter, the key does", async () => {
    expect((await getFrom(open, outside!, "/api/user", bearer(open.key))).status).toBe(200);
    expect((await getFrom(open, outside!, "/api/user")).status).toBe(401);
    expect((await getFrom(open, "127.0.0.1", "/api/user")).status).toBe(401);
  });
});
