/** Bad client input and upstream errors reach each client as its own API's error JSON, with a fitting status. */
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { FORMATS, type Format } from "../../src/protocols/ir";
import { CLIENT_PATH, groupFor, minimalRequest, post, startStage, type Stage } from "./harness";

let stage: Stage;
beforeAll(async () => {
  stage = await startStage({ OCTOPUS_RELAY_MAX_BODY_SIZE: "65536" });
});
afterAll(() => stage.close());
afterEach(() => stage.clearFaults());

/** Checks the error body has the client format's shape and returns its message. */
function errorMessage(format: Format, status: number, body: any): string {
  switch (format) {
    case "openai-chat":
    case "openai-responses":
      expect([typeof body.error?.message, typeof body.error?.type]).toEqual(["string", "string"]);
      return body.error.message;
    case "anthropic":
      expect([body.type, typeof body.error?.type, typeof body.error?.message]).toEqual(["error", "string", "string"]);
      return body.error.message;
    case "gemini":
      expect([body.error?.code, typeof body.error?.message, typeof body.error?.status]).toEqual([status, "string", "string"]);
      return body.error.message;
  }
}

async function expectError(format: Format, response: Response, status: number, mentions: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toContain("application/json");
  expect(errorMessage(format, status, await response.json())).toContain(mentions);
}

const send = (format: Format, body: unknown, headers: Record<string, string> = {}, model = groupFor("openai-chat")) =>
  post(stage, format, model, false, body, headers);

for (const format of FORMATS) {
  describe(`${format} client`, () => {
    const model = groupFor("openai-chat");
    const valid = () => minimalRequest(format, model, false);

    test("no key, a wrong key, a disabled or expired key → 401", async () => {
      const path = stage.octopus.url + CLIENT_PATH[format](model, false);
      await expectError(format, await fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(valid()) }), 401, "missing API key");
      await expectError(format, await send(format, valid(), { authorization: "Bearer sk-octopus-wrong" }), 401, "invalid API key");
      for (const [change, says] of [
        [{ enabled: false }, "disabled"],
        [{ expire_at: Date.now() - 1000 }, "expired"],
      ] as const) {
        const made = await stage.octopus.api("POST", "/api/v1/apikey/create", { token: stage.token, body: { name: "temp" } });
        await stage.octopus.api("POST", "/api/v1/apikey/update", { token: stage.token, body: { id: made.body.id, ...change } });
        await expectError(format, await send(format, valid(), { authorization: `Bearer ${made.body.key}` }), 401, says);
      }
    });

    test("a model outside the key's list → 403", async () => {
      const made = await stage.octopus.api("POST", "/api/v1/apikey/create", { token: stage.token, body: { name: "narrow", supported_models: [groupFor("anthropic")] } });
      await expectError(format, await send(format, valid(), { authorization: `Bearer ${made.body.key}` }), 403, model);
    });

    test("malformed JSON, a non-object body, a wrong content type → 4xx", async () => {
      await expectError(format, await send(format, "{not json"), 400, "not valid JSON");
      await expectError(format, await send(format, "[1,2]"), 400, "JSON object");
      // Anthropic and Gemini have no 415 of their own: their adapters answer it as a 400 invalid request.
      const unsupported = format.startsWith("openai") ? 415 : 400;
      await expectError(format, await send(format, JSON.stringify(valid()), { "content-type": "text/plain" }), unsupported, "content-type");
    });

    test("no conversation → 400 naming the field", async () => {
      const body: Record<string, unknown> = valid();
      const field = { "openai-chat": "messages", "openai-responses": "input", anthropic: "messages", gemini: "contents" }[format];
      delete body[field];
      await expectError(format, await send(format, body), 400, field);
    });

    if (format !== "gemini")
      test("no model → 400", async () => {
        const body: Record<string, unknown> = valid();
        delete body.model;
        await expectError(format, await send(format, body), 400, "model");
      });

    test("an unknown model → 404", async () => {
      const body = minimalRequest(format, "no-such-group", false);
      await expectError(format, await post(stage, format, "no-such-group", false, body), 404, "no-such-group");
    });

    test("a body over the size bound → 413", async () => {
      const body = { ...valid(), padding: "x".repeat(70_000) };
      await expectError(format, await send(format, body), 413, "exceeds");
    });

    test("a request that cannot be converted → 400 from the decoder, upstream untouched", async () => {
      const calls = stage.mocks.anthropic.calls.length;
      const bad = {
        "openai-chat": { model: groupFor("anthropic"), messages: [{ role: "user", content: 42 }] },
        "openai-responses": { model: groupFor("anthropic"), input: [{ type: "function_call_output" }] },
        anthropic: { model: groupFor("openai-chat"), max_tokens: "many", messages: [{ role: "user", content: "hi" }] },
        gemini: { contents: [{ role: "user", parts: "hello" }] },
      }[format];
      const target = format === "anthropic" ? groupFor("openai-chat") : groupFor("anthropic");
      const response = await post(stage, format, target, false, bad);
      expect(response.status).toBe(400);
      errorMessage(format, 400, await response.json());
      expect(stage.mocks.anthropic.calls.length).toBe(calls);
    });
  });
}

describe("relay exceptions go through the relay's own error handler", () => {
  test("a throw on a relay route is a 500 in the client's format, not the admin API's shape", async () => {
    const state = stage.octopus.octopus.state;
    const apiKeyFor = state.apiKeyFor;
    state.apiKeyFor = () => {
      throw new Error("a bug");
    };
    try {
      const list = (format: Format, path: string) => fetch(stage.octopus.url + path, { headers: format === "gemini" ? { "x-goog-api-key": stage.key } : { authorization: `Bearer ${stage.key}` } });
      await expectError("gemini", await list("gemini", "/v1beta/models"), 500, "internal error");
      await expectError("openai-chat", await list("openai-chat", "/v1/models"), 500, "internal error");
      for (const format of FORMATS) await expectError(format, await send(format, minimalRequest(format, groupFor("openai-chat"), false)), 500, "internal error");
    } finally {
      state.apiKeyFor = apiKeyFor;
    }
    // The admin API keeps its own shape.
    const admin = await stage.octopus.api("GET", "/api/v1/nothing-here", { token: stage.token });
    expect(admin.body).toEqual({ error: { message: "not found" } });
  });
});

describe("upstream errors", () => {
  test("a 429 reaches every client in its shape, with retry-after, streamed or not", async () => {
    for (const format of FORMATS)
      for (const stream of [false, true]) {
        // Each round starts with the key cooled down by the last 429 forgotten (the routing suite tests the cooldown).
        stage.octopus.octopus.router.health.keys.clear();
        stage.mocks.anthropic.fault({ kind: "status", status: 429, retryAfter: 7 });
        const response = await post(stage, format, groupFor("anthropic"), stream, minimalRequest(format, groupFor("anthropic"), stream));
        expect({ format, stream, status: response.status }).toEqual({ format, stream, status: 429 });
        expect(response.headers.get("retry-after")).toBe("7");
        errorMessage(format, 429, await response.json());
      }
  });

  test("a 400 from upstream is returned at once, without a second upstream call", async () => {
    const calls = stage.mocks["openai-chat"].calls.length;
    stage.mocks["openai-chat"].fault({ kind: "status", status: 400 });
    const response = await post(stage, "anthropic", groupFor("openai-chat"), false, minimalRequest("anthropic", groupFor("openai-chat"), false));
    expect(response.status).toBe(400);
    errorMessage("anthropic", 400, await response.json());
    expect(stage.mocks["openai-chat"].calls.length).toBe(calls + 1);
  });

  test("an upstream 401 is the gateway's problem, not the client's: 502 without the provider's words", async () => {
    stage.mocks.gemini.fault({ kind: "status", status: 401 });
    const response = await post(stage, "openai-chat", groupFor("gemini"), false, minimalRequest("openai-chat", groupFor("gemini"), false));
    expect(response.status).toBe(502);
    const text = await response.text();
    expect(text).toContain("credentials");
    expect(text).not.toContain("sk-upstream");
  });
});
