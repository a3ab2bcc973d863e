/**
 * Secrets and prompts never in clear: a provider key an upstream quotes is masked wherever Octopus
 * stores or shows the message, a failed database write logs no query parameters, the admin API
 * masks secret header and override values and takes their masks back as "unchanged". Real
 * processes, real databases, real HTTP.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import mysql from "mysql2/promise";
import OpenAI from "openai";
import postgres from "postgres";
import { parseMysqlDsn } from "../src/db/dsn";
import { sseFrame } from "../src/protocols/sse";
import { maskSecret } from "../src/secrets";
import { createTestDatabase } from "./databases";
import { createOpenaiChatMock } from "./mocks/openai-chat";
import { serveLocally } from "./mocks/plumbing";
import { SCENARIO } from "./mocks/scenario";
import { adminCall, configureChat, spawnOctopus, type OctopusProcess } from "./process";
import { addRawUpstream, groupFor, minimalRequest, post, startStage, UPSTREAM_KEY, type Stage } from "./relay/harness";

/** The provider key, planted where every error quotes it. */
const PLANTED = "sk-planted-7f3a9c2e5b1d4086a2c4e6f8";
const MASKED = maskSecret(PLANTED);
const PROMPT = "the confidential prompt 4711";

const mock = createOpenaiChatMock({ apiKey: PLANTED });
const upstream = serveLocally(mock.fetch);
afterAll(() => upstream.stop());

/** Errors as providers that echo the key word them (OpenAI's own masks all but 7 characters). */
const echoes = (status: 400 | 401 | 500) => mock.fault({ kind: "status", status, message: `Incorrect API key provided: ${PLANTED}. Check your account.` });

async function chatFails(client: OpenAI) {
  const error = await client.chat.completions.create({ model: "chat", messages: [{ role: "user", content: PROMPT }] }).catch((e: Error) => e);
  expect(error).toBeInstanceOf(Error);
  return (error as Error).message;
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(50);
  }
}

describe("a provider key quoted by an upstream error", () => {
  const cwd = mkdtempSync(join(tmpdir(), "octopus-secrets-"));
  let o: OctopusProcess;
  let token: string;
  let client: OpenAI;
  beforeAll(async () => {
    o = await spawnOctopus(cwd);
    const configured = await configureChat(o, `${upstream.origin}/v1`, PLANTED);
    token = configured.token;
    client = new OpenAI({ baseURL: `${o.url}/v1`, apiKey: configured.key, maxRetries: 0 });
  });
  afterAll(async () => {
    expect(await o.stop()).toBe(0);
    rmSync(cwd, { recursive: true, force: true });
  });

  test("is masked for the client, in the request logs, the health routes and the log lines", async () => {
    echoes(400); // returned to the client at once
    const told = await chatFails(client);
    expect(told).toContain(MASKED);
    echoes(500); // a circuit failure
    await chatFails(client);
    echoes(401); // the key is marked failed
    await chatFails(client);

    const list = await until("three logs", async () => {
      const page = await adminCall(o.url, "/api/v1/log/list?page_size=10", undefined, token);
      return page.total >= 3 ? page : undefined;
    });
    const details = await Promise.all(list.items.map((item: { id: number }) => adminCall(o.url, `/api/v1/log/${item.id}`, undefined, token)));
    const channelHealth = await adminCall(o.url, "/api/v1/channel/health", undefined, token);
    const groupHealth = await adminCall(o.url, "/api/v1/group/health", undefined, token);

    // The messages are there, masked: the checks below look at text that held the key.
    expect(list.items.map((i: { error: string }) => i.error)).toContain(`Incorrect API key provided: ${MASKED}. Check your account.`);
    expect(details.flatMap((d) => d.attempts.map((a: { error?: string }) => a.error))).toContain(`Incorrect API key provided: ${MASKED}. Check your account.`);
    expect(channelHealth[0].keys[0].last_error).toContain(MASKED);
    expect(channelHealth[0].circuits[0].last_error).toContain(MASKED);
    expect(groupHealth[0].cooling).toHaveLength(1);
    for (const [where, text] of Object.entries({ told, list, details, channelHealth, groupHealth, log: o.log.join("") }))
      expect({ where, leaks: JSON.stringify(text).includes(PLANTED) }).toEqual({ where, leaks: false });
  });
});

describe("a failed request log write", () => {
  // Drizzle's own error quotes every parameter of the failed query: the rows, bodies included.
  for (const dialect of ["postgres", "mysql"] as const)
    test(`on ${dialect}: logs the driver's reason, without parameters, bodies or keys`, async () => {
      const target = await createTestDatabase(dialect);
      const cwd = mkdtempSync(join(tmpdir(), "octopus-secrets-"));
      const o = await spawnOctopus(cwd, { OCTOPUS_DATABASE_TYPE: dialect, OCTOPUS_DATABASE_PATH: target.config.path });
      try {
        const { token, key } = await configureChat(o, `${upstream.origin}/v1`, PLANTED);
        await adminCall(o.url, "/api/v1/setting/set", { key: "relay_log_capture_bodies", value: true }, token);
        await dropRequestLogs(dialect, target.config.path);

        const client = new OpenAI({ baseURL: `${o.url}/v1`, apiKey: key, maxRetries: 0 });
        const answer = await client.chat.completions.create({ model: "chat", messages: [{ role: "user", content: PROMPT }] });
        expect(answer.choices[0].message.content).toBe(SCENARIO.text);
        echoes(400);
        await chatFails(client);

        const line = await until("the failure's log line", () => o.log.join("").split("\n").find((l) => l.includes("request log write failed")));
        expect(line).toContain(dialect === "postgres" ? 'relation "request_logs" does not exist' : "request_logs' doesn't exist");
        expect(line.length).toBeLessThan(500);
        for (const secret of [PROMPT, SCENARIO.text, PLANTED, "params:", "Failed query"]) expect(o.log.join("")).not.toContain(secret);
      } finally {
        expect(await o.stop()).toBe(0);
        await target.drop();
        rmSync(cwd, { recursive: true, force: true });
      }
    });
});

async function dropRequestLogs(dialect: "postgres" | "mysql", path: string) {
  if (dialect === "postgres") {
    const sql = postgres(path, { max: 1, onnotice: () => {} });
    await sql.unsafe("DROP TABLE request_logs");
    await sql.end();
  } else {
    const connection = await mysql.createConnection(parseMysqlDsn(path));
    await connection.query("DROP TABLE request_logs");
    await connection.end();
  }
}

describe("on the in-process stage", () => {
  let stage: Stage;
  beforeAll(async () => {
    stage = await startStage();
  });
  afterAll(() => stage.close());
  afterEach(() => stage.clearFaults());

  test("a stream's error event quoting the key, at its opening or after it was committed, is masked where it is stored", async () => {
    // Shaped like no known key: only knowing it as the channel's key can mask it.
    const key = "plain-provider-secret-9d8c7b6a5f4e";
    const error = sseFrame(JSON.stringify({ error: { message: `key ${key} is over its quota`, type: "server_error", code: null } }));
    const content = sseFrame(JSON.stringify({ id: "c1", object: "chat.completion.chunk", created: 1, model: "up", choices: [{ index: 0, delta: { content: "Hi" }, finish_reason: null }] }));
    let served = 0;
    await addRawUpstream(stage, "echo-stream", "openai-chat", () => new Response(++served === 1 ? error : content + error, { headers: { "content-type": "text/event-stream" } }), { keys: [{ key }] });
    const body = (stream: boolean) => minimalRequest("openai-chat", "echo-stream", stream);

    const opening = await post(stage, "openai-chat", "echo-stream", true, body(true));
    expect(opening.status).toBe(500);
    expect(await opening.text()).toContain(`key ${maskSecret(key)} is over its quota`);
    const committed = await post(stage, "openai-chat", "echo-stream", true, body(true));
    expect(committed.status).toBe(200);
    await committed.text();

    await stage.octopus.octopus.accounting.logs.flush();
    const api = (path: string) => stage.octopus.api("GET", path, { token: stage.token }).then((r) => r.body);
    const list = await api("/api/v1/log/list?model=echo-stream");
    const details = await Promise.all(list.items.map((i: { id: number }) => api(`/api/v1/log/${i.id}`)));
    const health = (await api("/api/v1/channel/health")).find((c: { name: string }) => c.name === "echo-stream");
    expect(list.items.map((i: { error: string }) => i.error)).toEqual([`key ${maskSecret(key)} is over its quota`, `key ${maskSecret(key)} is over its quota`]);
    expect(details.flatMap((d) => d.attempts.map((a: { error?: string }) => a.error))).toEqual([undefined, `key ${maskSecret(key)} is over its quota`]);
    // The committed stream first closed the circuit: this is its own error.
    expect(health.circuits).toEqual([expect.objectContaining({ last_error: `key ${maskSecret(key)} is over its quota` })]);
    expect(JSON.stringify([list, details, health])).not.toContain(key);
  });

  test("secret-looking channel settings are listed masked, and sent back masked they stay as stored", async () => {
    const api = (method: string, path: string, body?: unknown) => stage.octopus.api(method, path, { token: stage.token, body });
    const id = stage.channelIds.anthropic;
    const proxyToken = "Bearer proxy-token-5e1f9a7c3b2d";
    const sessionSecret = "sess-2b7e151628aed2a6abf7158809cf4f3c";
    const saved = await api("POST", "/api/v1/channel/update", {
      id,
      custom_headers: [{ key: "Authorization", value: proxyToken }, { key: "X-Team", value: "research" }],
      param_override: { metadata: { user_id: "octopus", session_secret: sessionSecret }, temperature: 0.2 },
    });
    expect(saved.status).toBe(200);

    const listed = (await api("GET", "/api/v1/channel/list")).body.find((c: { id: number }) => c.id === id);
    expect(listed.custom_headers).toEqual([{ key: "Authorization", value: maskSecret(proxyToken) }, { key: "X-Team", value: "research" }]);
    expect(JSON.parse(listed.param_override)).toEqual({ metadata: { user_id: "octopus", session_secret: maskSecret(sessionSecret) }, temperature: 0.2 });
    expect(JSON.stringify(saved.body) + JSON.stringify(listed)).not.toContain("proxy-token-5e1f9a7c3b2d");
    expect(JSON.stringify(listed)).not.toContain(sessionSecret);

    // The panel saves what it was shown, with one change of its own.
    const { keys, custom_headers, param_override } = listed;
    const again = await api("POST", "/api/v1/channel/update", { id, name: "mock-anthropic-renamed", keys, custom_headers, param_override });
    expect(again.status).toBe(200);
    const stored = (await stage.octopus.octopus.stores.channels.get(id))!;
    expect(stored.name).toBe("mock-anthropic-renamed");
    expect(keys[0].key).toBe(maskSecret(UPSTREAM_KEY));
    expect(stored.keys.map((k) => k.key)).toEqual([UPSTREAM_KEY]);
    expect(stored.custom_headers).toEqual([{ key: "Authorization", value: proxyToken }, { key: "X-Team", value: "research" }]);
    expect(JSON.parse(stored.param_override)).toEqual({ metadata: { user_id: "octopus", session_secret: sessionSecret }, temperature: 0.2 });

    // And the upstream still gets the real ones.
    const response = await post(stage, "anthropic", groupFor("anthropic"), false, minimalRequest("anthropic", groupFor("anthropic"), false));
    expect(response.status).toBe(200);
    const call = stage.mocks.anthropic.calls.at(-1)!;
    expect(call.headers.authorization).toBe(proxyToken);
    expect(call.body.metadata).toEqual({ user_id: "octopus", session_secret: sessionSecret });
  });
});
