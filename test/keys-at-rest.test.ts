/**
 * Provider keys at rest: sealed with AES-256-GCM on every database, plain rows of an older
 * Octopus sealed on start, a wrong key refused with nothing changed, rotation keeping channels
 * working. Real processes, real databases, real HTTP; only the provider is a mock.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Database as SQLite } from "bun:sqlite";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import OpenAI from "openai";
import { openDatabase, sql } from "../src/db/connection";
import { createTestDatabase, DIALECTS, type TestDatabase } from "./databases";
import { createOpenaiChatMock } from "./mocks/openai-chat";
import { serveLocally } from "./mocks/plumbing";
import { startTestOctopus, type TestOctopus } from "./octopus";
import { adminCall, configureChat, MAIN, spawnOctopus } from "./process";

const PLANTED = "sk-planted-at-rest-9c4e1a7b3d5f2086";
const HEADER_SECRET = "tok-header-secret-5e8a1c3f7b9d";
const mock = createOpenaiChatMock({ apiKey: PLANTED });
const upstream = serveLocally(mock.fetch);
afterAll(() => upstream.stop());

async function chatWorks(url: string, key: string) {
  const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: key, maxRetries: 0 });
  const reply = await client.chat.completions.create({ model: "chat", messages: [{ role: "user", content: "hi" }] });
  expect(reply.choices[0].message.content).toBeTruthy();
}

describe.each(DIALECTS)("provider keys at rest on %s", (dialect) => {
  let database: TestDatabase;
  let o: TestOctopus;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    o = await startTestOctopus({ database: database.config });
  });
  afterAll(async () => {
    await o?.close();
    await database?.drop();
  });

  test("no provider key or secret header value is stored in clear; the relay still uses them", async () => {
    const token = await o.login();
    const channel = await o.api("POST", "/api/v1/channel/create", {
      token,
      body: { name: "mock", type: "openai-chat", base_urls: [{ url: `${upstream.origin}/v1` }], keys: [{ key: PLANTED }], models: ["gpt-4o-mini"], custom_headers: [{ key: "x-upstream-token", value: HEADER_SECRET }, { key: "x-region", value: "eu" }] },
    });
    expect(channel.status).toBe(200);
    await o.api("POST", "/api/v1/group/create", { token, body: { name: "chat", mode: "failover", items: [{ channel_id: channel.body.id, model: "gpt-4o-mini" }] } });
    const { body: apiKey } = await o.api("POST", "/api/v1/apikey/create", { token, body: { name: "t" } });
    await chatWorks(o.url, apiKey.key);

    const raw = await openDatabase(database.config);
    try {
      const keys = await raw.rows<{ key: string }>(sql`select ${sql.identifier("key")} from channel_keys`);
      const channels = await raw.rows<{ custom_headers: unknown }>(sql`select custom_headers from channels`);
      expect(keys).toHaveLength(1);
      expect(keys[0].key).toMatch(/^enc:v1:[0-9a-f]{8}:[A-Za-z0-9+/=]+$/);
      const dump = JSON.stringify([keys, channels]);
      expect(dump).not.toContain(PLANTED);
      expect(dump).not.toContain(HEADER_SECRET);
      expect(dump).toMatch(/x-region.{0,40}eu/); // an ordinary header stays readable
    } finally {
      await raw.close();
    }
    if (dialect === "sqlite") {
      const dir = join(database.config.path, "..");
      for (const file of readdirSync(dir).filter((f) => f.startsWith("data.db"))) expect(readFileSync(join(dir, file)).includes(PLANTED)).toBe(false);
    }
  });
});

/** Runs a maintenance command; resolves with its exit code and output. */
async function run(cwd: string, args: string[], env: Record<string, string> = {}) {
  const child = Bun.spawn([process.execPath, MAIN, ...args], { cwd, env: { ...process.env, OCTOPUS_SERVER_PORT: "0", OCTOPUS_SERVER_HOST: "127.0.0.1", ...env }, stdout: "pipe", stderr: "pipe" });
  const [code, stdout, stderr] = await Promise.all([child.exited, new Response(child.stdout).text(), new Response(child.stderr).text()]);
  return { code, stdout, stderr };
}

describe("an SQLite database across upgrades, wrong keys and rotation", () => {
  const cwd = mkdtempSync(join(tmpdir(), "octopus-at-rest-"));
  const dbPath = join(cwd, "data", "data.db");
  const keyPath = join(cwd, "data", "secret.key");
  let clientKey: string;
  const rows = () => {
    const db = new SQLite(dbPath);
    try {
      return db.query("select id, key from channel_keys order by id").all() as { id: number; key: string }[];
    } finally {
      db.close();
    }
  };
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));

  test("plain-text keys from before the change are encrypted on start, once", async () => {
    const o = await spawnOctopus(cwd);
    ({ key: clientKey } = await configureChat(o, `${upstream.origin}/v1`, PLANTED));
    expect(await o.stop()).toBe(0);
    expect(statSync(keyPath).mode & 0o777).toBe(0o600);
    // What an Octopus from before this change left: the key in clear.
    const db = new SQLite(dbPath);
    db.run("update channel_keys set key = ?", [PLANTED]);
    db.close();

    const again = await spawnOctopus(cwd);
    const sealed = rows();
    expect(sealed[0].key.startsWith("enc:v1:")).toBe(true);
    expect(again.log.join("")).toContain("encrypted provider secrets stored in plain text");
    await chatWorks(again.url, clientKey);
    expect(await again.stop()).toBe(0);

    const third = await spawnOctopus(cwd);
    expect(rows()).toEqual(sealed); // idempotent: nothing re-encrypted
    expect(third.log.join("")).not.toContain("encrypted provider secrets");
    expect(await third.stop()).toBe(0);
  });

  test("the wrong key stops start-up with a one-line error naming the remedy, and changes nothing", async () => {
    const before = rows();
    const wrong = randomBytes(32).toString("base64");
    const { code, stderr } = await run(cwd, ["start"], { OCTOPUS_SECRET_KEY: wrong });
    expect(code).toBe(1);
    const lines = stderr.trim().split("\n").filter((l) => l.startsWith("octopus:"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("OCTOPUS_SECRET_KEY");
    expect(lines[0]).toContain("secret.key");
    expect(lines[0]).toContain("nothing was changed");
    expect(stderr).not.toContain(PLANTED);
    expect(rows()).toEqual(before);

    // A fresh data folder whose database already holds sealed keys: no new key file is left behind.
    const saved = readFileSync(keyPath);
    rmSync(keyPath);
    try {
      expect((await run(cwd, ["start"])).code).toBe(1);
      expect(existsSync(keyPath)).toBe(false);
      expect(rows()).toEqual(before);
    } finally {
      writeFileSync(keyPath, saved, { mode: 0o600 });
    }
  });

  test("rotation re-encrypts every key under a new one, and every channel keeps working", async () => {
    const before = rows();
    const oldKey = readFileSync(keyPath, "utf8");
    const { code, stdout } = await run(cwd, ["secret", "rotate"]);
    expect(code).toBe(0);
    expect(stdout).toContain("re-encrypted 1 secrets");
    const after = rows();
    expect(readFileSync(keyPath, "utf8")).not.toBe(oldKey);
    expect(statSync(keyPath).mode & 0o777).toBe(0o600);
    expect(after[0].key.split(":")[2]).not.toBe(before[0].key.split(":")[2]);
    expect(existsSync(`${keyPath}.new`)).toBe(false);

    const o = await spawnOctopus(cwd);
    await chatWorks(o.url, clientKey);
    const { token } = await adminCall(o.url, "/api/v1/user/login", { username: "admin", password: "admin" });
    const [channel] = await adminCall(o.url, "/api/v1/channel/list", undefined, token);
    expect(channel.keys[0].key).not.toContain(PLANTED.slice(5, -4)); // shown masked
    expect(await o.stop()).toBe(0);
  });
});
