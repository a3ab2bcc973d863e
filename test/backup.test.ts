/**
 * Backups: export → import into an empty instance on each database gives the same admin
 * listings; bad documents are refused naming the field with nothing changed; merge reports what it
 * did; an upstream Octopus (Go) export imports and serves; the CLI does the same without a server.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import OpenAI from "openai";
import { createTestDatabase, DIALECTS, type TestDatabase } from "./databases";
import { createOpenaiChatMock } from "./mocks/openai-chat";
import { serveLocally } from "./mocks/plumbing";
import { startTestOctopus, type TestOctopus } from "./octopus";
import { adminCall, MAIN, spawnOctopus } from "./process";

const PLANTED = "sk-planted-backup-3b7e9d1f5a2c4086";
const HEADER_SECRET = "tok-backup-header-8d2f6a4c1e9b";
const mock = createOpenaiChatMock({ apiKey: PLANTED });
const upstream = serveLocally(mock.fetch);
afterAll(() => upstream.stop());

const LISTINGS = ["/api/v1/channel/list", "/api/v1/group/list", "/api/v1/model/list", "/api/v1/apikey/list", "/api/v1/setting/list"];

/** What each admin listing says of the configuration (an API key's live use is not configuration). */
async function listings(o: TestOctopus, token: string) {
  return Promise.all(
    LISTINGS.map(async (path) => {
      const body = (await o.api("GET", path, { token })).body;
      return Array.isArray(body) ? body.map(({ rate_use: _use, ...row }) => row) : body;
    }),
  );
}

async function chatWorks(url: string, key: string, model = "chat") {
  const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: key, maxRetries: 0 });
  const reply = await client.chat.completions.create({ model, messages: [{ role: "user", content: "hi" }] });
  expect(reply.choices[0].message.content).toBeTruthy();
}

let source: TestOctopus;
let sourceToken: string;
let clientKey: string;
let backup: any;

beforeAll(async () => {
  source = await startTestOctopus();
  sourceToken = await source.login();
  const call = async (path: string, body: unknown) => {
    const r = await source.api("POST", path, { token: sourceToken, body });
    if (r.status !== 200) throw new Error(`${path}: ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const a = await call("/api/v1/channel/create", {
    name: "primary", type: "openai-chat", base_urls: [{ url: `${upstream.origin}/v1` }], keys: [{ key: PLANTED, remark: "main" }, { key: `${PLANTED}-2`, enabled: false }],
    models: ["gpt-4o-mini"], custom_headers: [{ key: "authorization-extra", value: HEADER_SECRET }, { key: "x-team", value: "core" }], param_override: { temperature: 0.3 },
  });
  const b = await call("/api/v1/channel/create", { name: "secondary", type: "anthropic", enabled: false, base_urls: [{ url: "https://api.anthropic.com/v1" }, { url: "https://api.anthropic.com/openai/v1", format: "openai-chat" }], keys: [{ key: "sk-ant-never-called-0000000000" }], models: ["claude-sonnet-4-5"] });
  await call("/api/v1/group/create", { name: "chat", mode: "weighted", items: [{ channel_id: a.id, model: "gpt-4o-mini", weight: 3 }, { channel_id: b.id, model: "claude-sonnet-4-5", weight: 1 }] });
  // Manual mode names its active item by id: the backup must carry it over to the new ids.
  const manual = await call("/api/v1/group/create", { name: "pinned", mode: "manual", aliases: ["pinned-*"], items: [{ channel_id: a.id, model: "gpt-4o-mini" }, { channel_id: b.id, model: "claude-sonnet-4-5" }] });
  await call("/api/v1/group/update", { id: manual.id, active_item_id: manual.items[1].id });
  await call("/api/v1/model/update", { name: "gpt-4o-mini", input: 1, output: 2, cache_read: 0.5, cache_write: 0 });
  clientKey = (await call("/api/v1/apikey/create", { name: "ci", max_cost: 5, supported_models: ["chat"], rpm: 600, max_concurrency: 8 })).key;
  await call("/api/v1/setting/set", { key: "relay_max_attempts", value: 5 });
  await chatWorks(source.url, clientKey);

  const exported = await source.api("GET", "/api/v1/backup/export?secrets=true", { token: sourceToken, headers: { "x-octopus-password": "admin" } });
  expect(exported.status).toBe(200);
  backup = exported.body;
});
afterAll(() => source?.close());

describe("export", () => {
  test("with secrets needs the password re-entered; without, no key or secret value leaves", async () => {
    expect((await source.api("GET", "/api/v1/backup/export?secrets=true", { token: sourceToken })).status).toBe(401);
    const wrong = await source.api("GET", "/api/v1/backup/export?secrets=true", { token: sourceToken, headers: { "x-octopus-password": "nope" } });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.message).toContain("x-octopus-password");
    expect((await source.api("GET", "/api/v1/backup/export")).status).toBe(401);

    await source.octopus.accounting.logs.flush();
    await source.octopus.accounting.stats.flush();
    const plain = await source.api("GET", "/api/v1/backup/export?include=stats,logs", { token: sourceToken });
    expect(plain.status).toBe(200);
    const text = JSON.stringify(plain.body);
    expect(text).not.toContain(PLANTED);
    expect(text).not.toContain(HEADER_SECRET);
    expect(plain.body.channels[0].keys).toBeUndefined();
    expect(plain.body.logs.length).toBeGreaterThan(0);
    expect(plain.body.stats.length).toBeGreaterThan(0);

    expect(backup).toMatchObject({ format: "octopus-backup", version: 1, secrets: true });
    expect(backup.channels[0].keys.map((k: any) => k.key)).toEqual([PLANTED, `${PLANTED}-2`]);
    expect(backup.channels[1].base_urls[1]).toEqual({ url: "https://api.anthropic.com/openai/v1", format: "openai-chat" });
    expect(backup.api_keys[0].key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(backup.settings).not.toHaveProperty("jwt_secret");
    expect((await source.api("GET", "/api/v1/backup/export?include=bogus", { token: sourceToken })).status).toBe(400);
  });
});

describe.each(DIALECTS)("round trip into an empty instance on %s", (dialect) => {
  let database: TestDatabase;
  let target: TestOctopus;
  let token: string;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    target = await startTestOctopus({ database: database.config });
    token = await target.login();
  });
  afterAll(async () => {
    await target?.close();
    await database?.drop();
  });

  test("a corrupt or wrong-version document is refused naming the field, and changes nothing", async () => {
    const before = await listings(target, token);
    const broken = structuredClone(backup);
    delete broken.channels[1].base_urls;
    const cases: [unknown, string][] = [
      [broken, "channels[1].base_urls"],
      [{ ...backup, channels: [{ ...backup.channels[1], base_urls: [{ url: "https://a.test/v1", format: "claude" }] }] }, "channels[0].base_urls[0].format"],
      [{ ...backup, channels: [{ ...backup.channels[1], base_urls: [{ url: "https://a.test/v1", format: "gemini" }] }] }, "channels[0].base_urls needs at least one URL"],
      [{ ...backup, version: 2 }, "version"],
      [{ ...backup, groups: [{ ...backup.groups[0], items: [{ channel: "ghost", model: "m", priority: 0, weight: 1 }] }] }, "groups[0].items[0].channel"],
      [{ ...backup, settings: { relay_max_attempts: "99" } }, "settings.relay_max_attempts"],
      [[1, 2], "document"],
    ];
    for (const [body, field] of cases) {
      const r = await target.api("POST", "/api/v1/backup/import?mode=replace", { token, body });
      expect(r.status).toBe(400);
      expect(r.body.error.message).toStartWith(field);
    }
    expect(await listings(target, token)).toEqual(before);
  });

  test("export → import gives identical admin listings, and the relay serves with the same client key", async () => {
    const r = await target.api("POST", "/api/v1/backup/import?mode=replace", { token, body: backup });
    expect(r.status).toBe(200);
    expect(r.body.added.channels).toEqual(["primary", "secondary"]);
    expect(await listings(target, token)).toEqual(await listings(source, sourceToken));
    await chatWorks(target.url, clientKey);

    // The same document merged again changes nothing; a changed record is updated.
    const again = await target.api("POST", "/api/v1/backup/import", { token, body: backup });
    expect(again.body.skipped.channels).toEqual(["primary", "secondary"]);
    expect(again.body.added.channels).toEqual([]);
    const changed = structuredClone(backup);
    changed.groups[0].mode = "failover";
    changed.channels.push({ ...backup.channels[1], name: "third" });
    const merged = await target.api("POST", "/api/v1/backup/import?mode=merge", { token, body: changed });
    expect(merged.body).toMatchObject({ mode: "merge", added: { channels: ["third"] }, updated: { groups: ["chat"] }, skipped: { channels: ["primary", "secondary"], api_keys: ["ci"] } });
    const groups = (await target.api("GET", "/api/v1/group/list", { token })).body;
    expect(groups[0].mode).toBe("failover");
  });
});

describe("an upstream Octopus (Go) export", () => {
  let target: TestOctopus;
  let token: string;
  let report: any;
  beforeAll(async () => {
    target = await startTestOctopus();
    token = await target.login();
    const text = readFileSync(join(import.meta.dir, "fixtures", "upstream-octopus-dump.json"), "utf8").replaceAll("UPSTREAM_ORIGIN", upstream.origin).replaceAll("UPSTREAM_KEY", PLANTED);
    // Its API answers with an envelope; the importer takes either.
    const r = await target.api("POST", "/api/v1/backup/import", { token, body: { code: 200, message: "success", data: JSON.parse(text) } });
    expect(r.status).toBe(200);
    report = r.body;
  });
  afterAll(() => target?.close());

  test("imports the expected channels, groups and prices, and reports what does not map", async () => {
    expect(report.added.channels).toEqual(["openai-main", "openai-backup", "claude"]);
    const channels = (await target.api("GET", "/api/v1/channel/list", { token })).body;
    const main = channels.find((c: any) => c.name === "openai-main");
    expect(main).toMatchObject({
      type: "openai-chat", enabled: true, base_urls: [{ url: `${upstream.origin}/v1` }], models: ["gpt-4o-mini", "gpt-4o", "my-finetune"],
      model_filter: "^gpt-", auto_sync: true, custom_headers: [{ key: "x-team", value: "core" }], param_override: '{"temperature":0.2}',
    });
    expect(main.keys).toHaveLength(1);
    expect(channels.find((c: any) => c.name === "openai-backup").base_urls).toEqual([{ url: `${upstream.origin}/v1` }]);
    expect(channels.find((c: any) => c.name === "claude")).toMatchObject({ type: "anthropic", enabled: false, proxy_url: "http://127.0.0.1:3128", base_urls: [{ url: "https://api.anthropic.com/v1" }] });

    const groups = (await target.api("GET", "/api/v1/group/list", { token })).body;
    const chat = groups.find((g: any) => g.name === "chat");
    const names = new Map(channels.map((c: any) => [c.id, c.name]));
    // Upstream tries priority 1 first, and so does Octopus.
    const ordered = [...chat.items].sort((x: any, y: any) => x.priority - y.priority).map((i: any) => names.get(i.channel_id));
    expect(ordered).toEqual(["openai-main", "openai-backup"]);
    expect(chat).toMatchObject({ mode: "failover", first_byte_timeout: 30, affinity_window: 300 });
    // Upstream's manual group stays manual, its chosen item the active one.
    const claude = groups.find((g: any) => g.name === "claude");
    expect(claude).toMatchObject({ mode: "manual", items: [{ model: "claude-sonnet-4-5" }] });
    expect(claude.active_item_id).toBe(claude.items[0].id);

    const prices = (await target.api("GET", "/api/v1/model/list", { token })).body;
    const text = JSON.stringify(prices);
    expect(text).toContain("claude-sonnet-4-5");
    const mini = (Array.isArray(prices) ? prices : prices.items ?? []).find((p: any) => (p.name ?? p.model) === "gpt-4o-mini");
    expect(mini).toMatchObject({ input: 0.15, output: 0.6, cache_read: 0.075 });

    const keys = (await target.api("GET", "/api/v1/apikey/list", { token })).body;
    expect(keys[0]).toMatchObject({ name: "laptop", max_cost: 25, expire_at: 4102444800000, supported_models: ["chat", "claude"] });
    const settings = (await target.api("GET", "/api/v1/setting/list", { token })).body;
    expect(settings.find((s: any) => s.key === "sync_llm_interval").value).toBe(12);

    const notes = report.notes.join("\n");
    expect(notes).toContain('"mystery"');
    expect(notes).toContain("some-future-provider");
    expect(notes).toContain("cors_allow_origins");
    expect(notes).toContain("member_max_attempts");
  });

  test("a request through an imported group, with the imported client key, succeeds", async () => {
    await chatWorks(target.url, "sk-octopus-UpstreamFixtureKey0123456789abcdef");
  });
});

describe("the backup commands, without a running server", () => {
  const from = mkdtempSync(join(tmpdir(), "octopus-backup-from-"));
  const to = mkdtempSync(join(tmpdir(), "octopus-backup-to-"));
  afterAll(() => {
    rmSync(from, { recursive: true, force: true });
    rmSync(to, { recursive: true, force: true });
  });
  const run = async (cwd: string, args: string[]) => {
    const child = Bun.spawn([process.execPath, MAIN, ...args], { cwd, env: { ...process.env, OCTOPUS_LOG_LEVEL: "error" }, stdout: "pipe", stderr: "pipe" });
    const [code, stdout, stderr] = await Promise.all([child.exited, new Response(child.stdout).text(), new Response(child.stderr).text()]);
    return { code, stdout, stderr };
  };

  test("export FILE --secrets and import FILE --replace carry channels, groups and keys over", async () => {
    const file = join(from, "backup.json");
    const input = join(from, "input.json");
    await Bun.write(input, JSON.stringify(backup));
    expect((await run(from, ["backup", "import", input, "--replace"])).code).toBe(0);
    const exported = await run(from, ["backup", "export", file, "--secrets"]);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain("2 channels");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const imported = await run(to, ["backup", "import", file]);
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout).added.channels).toEqual(["primary", "secondary"]);
    const bad = await run(to, ["backup", "import", join(from, "missing.json")]);
    expect(bad.code).toBe(1);

    const o = await spawnOctopus(to);
    await chatWorks(o.url, clientKey);
    const { token } = await adminCall(o.url, "/api/v1/user/login", { username: "admin", password: "admin" });
    const groups = await adminCall(o.url, "/api/v1/group/list", undefined, token);
    expect(groups.map((g: any) => g.name)).toEqual(["chat", "pinned"]);
    // The manual group's active item is still its second one, under its new id.
    const pinned = groups.find((g: any) => g.name === "pinned");
    expect(pinned.active_item_id).toBe(pinned.items[1].id);
    expect(pinned.aliases).toEqual(["pinned-*"]);
    expect(await o.stop()).toBe(0);
  });
});
