/**
 * Octopus as processes: counts survive a SIGTERM, a SIGKILL and a restart, and two instances
 * sharing one PostgreSQL database add their counts up instead of overwriting each other.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../src/db/connection";
import { createStores } from "../../src/db/stores";
import { createTestDatabase, type TestDatabase } from "../databases";
import { createOpenaiChatMock } from "../mocks/openai-chat";
import { adminCall, configureChat, spawnOctopus, type OctopusProcess } from "../process";

const UPSTREAM_KEY = "sk-upstream-processes";
let upstream: ReturnType<typeof Bun.serve>;
beforeAll(() => {
  upstream = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: createOpenaiChatMock({ apiKey: UPSTREAM_KEY }).fetch });
});
afterAll(() => upstream.stop(true));

/** Stats are flushed only at shutdown here: the periodic flush is a day away. */
const NO_PERIODIC_FLUSH = { OCTOPUS_SETTING_STATS_SAVE_INTERVAL: "1440" };

/** Long enough for the request logs (written every second) to reach the database. */
const LOGS_WRITTEN_MS = 1500;

async function chat(o: OctopusProcess, key: string, stream: boolean) {
  const response = await fetch(`${o.url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: JSON.stringify({ model: "chat", stream, messages: [{ role: "user", content: "hi" }] }),
  });
  expect(response.status).toBe(200);
  await response.text();
}

describe("counts across processes", () => {
  test("N requests, SIGTERM, restart: the stats read exactly N", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "octopus-restart-"));
    const first = await spawnOctopus(cwd, NO_PERIODIC_FLUSH);
    const { token, key } = await configureChat(first, `http://127.0.0.1:${upstream.port}/v1`, UPSTREAM_KEY);
    const n = 17;
    for (let i = 0; i < n; i++) await chat(first, key, i % 2 === 0);
    expect(await first.stop()).toBe(0);

    const second = await spawnOctopus(cwd, NO_PERIODIC_FLUSH);
    try {
      const total = await adminCall(second.url, "/api/v1/stats/total", undefined, token);
      expect(total).toMatchObject({ requests: n, success: n, failed: 0, input_tokens: n * 25, output_tokens: n * 9 });
      const logs = await adminCall(second.url, "/api/v1/log/list?page_size=100", undefined, token);
      expect(logs.total).toBe(n);
    } finally {
      expect(await second.stop()).toBe(0);
    }
  });

  test("N requests, SIGKILL, restart: the logged requests are folded into every scope, once", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "octopus-crash-"));
    const env = { ...NO_PERIODIC_FLUSH, OCTOPUS_SERVER_INSTANCE: "crash-test" };
    const first = await spawnOctopus(cwd, env);
    const { token, key } = await configureChat(first, `http://127.0.0.1:${upstream.port}/v1`, UPSTREAM_KEY);
    const n = 250;
    for (let i = 0; i < n; i += 25) await Promise.all(Array.from({ length: 25 }, (_, j) => chat(first, key, (i + j) % 2 === 0)));
    await Bun.sleep(LOGS_WRITTEN_MS);
    await first.kill();

    const counts = async (o: OctopusProcess) => {
      const scopes = ["total", "daily", "hourly", "channel", "model", "apikey"] as const;
      const read = await Promise.all(scopes.map((s) => adminCall(o.url, `/api/v1/stats/${s}`, undefined, token)));
      return Object.fromEntries(scopes.map((s, i) => [s, s === "total" ? read[i].requests : read[i].map((r: any) => r.requests)]));
    };
    const all = { total: n, daily: [n], hourly: [n], channel: [n], model: [n], apikey: [n] };
    const second = await spawnOctopus(cwd, env);
    try {
      expect(second.log.join("")).toContain("counted requests a crash had kept out of the stats");
      // An hour may turn during the test: the hourly rows then split the requests between them.
      const seen = await counts(second);
      seen.hourly = [seen.hourly.reduce((a: number, b: number) => a + b, 0)];
      expect(seen).toEqual(all);
      const total = await adminCall(second.url, "/api/v1/stats/total", undefined, token);
      expect(total).toMatchObject({ success: n, failed: 0, input_tokens: n * 25, output_tokens: n * 9 });
    } finally {
      expect(await second.stop()).toBe(0);
    }
    // A clean stop wrote the mark past every row: the next start folds nothing again.
    const third = await spawnOctopus(cwd, env);
    try {
      expect((await counts(third)).total).toBe(n);
    } finally {
      expect(await third.stop()).toBe(0);
    }
  });

  describe("two instances on one PostgreSQL database", () => {
    let target: TestDatabase;
    // Instances sharing a database share the key that encrypts its provider keys.
    const SHARED_KEY = { OCTOPUS_SECRET_KEY: randomBytes(32).toString("base64") };
    beforeAll(async () => {
      target = await createTestDatabase("postgres");
    });
    afterAll(() => target.drop());

    test("their flushed stats add up", async () => {
      const env = { ...NO_PERIODIC_FLUSH, ...SHARED_KEY, OCTOPUS_DATABASE_TYPE: "postgres", OCTOPUS_DATABASE_PATH: target.config.path };
      const a = await spawnOctopus(mkdtempSync(join(tmpdir(), "octopus-a-")), env);
      const { key } = await configureChat(a, `http://127.0.0.1:${upstream.port}/v1`, UPSTREAM_KEY);
      // B starts after the configuration exists, and loads it from the shared database.
      const b = await spawnOctopus(mkdtempSync(join(tmpdir(), "octopus-b-")), env);
      await Promise.all([
        (async () => {
          for (let i = 0; i < 7; i++) await chat(a, key, i % 2 === 0);
        })(),
        (async () => {
          for (let i = 0; i < 5; i++) await chat(b, key, i % 2 === 1);
        })(),
      ]);
      expect(await Promise.all([a.stop(), b.stop()])).toEqual([0, 0]);

      const db = await openDatabase(target.config);
      try {
        const stores = createStores(db);
        const [total] = await stores.stats.list("total");
        expect(total.counters).toMatchObject({ requests: 12, success: 12, input_tokens: 12 * 25 });
        const [perKey] = await stores.stats.list("apikey");
        expect(perKey.counters.requests).toBe(12);
        expect((await stores.logs.list({}, 1, 100)).total).toBe(12);
      } finally {
        await db.close();
      }
    });

    test("one is killed and restarted while the other runs on: each request is counted once", async () => {
      const second = await createTestDatabase("postgres");
      try {
        const env = { ...NO_PERIODIC_FLUSH, ...SHARED_KEY, OCTOPUS_DATABASE_TYPE: "postgres", OCTOPUS_DATABASE_PATH: second.config.path };
        const envA = { ...env, OCTOPUS_SERVER_INSTANCE: "a" };
        const cwdA = mkdtempSync(join(tmpdir(), "octopus-a-"));
        let a = await spawnOctopus(cwdA, envA);
        const { token, key } = await configureChat(a, `http://127.0.0.1:${upstream.port}/v1`, UPSTREAM_KEY);
        const b = await spawnOctopus(mkdtempSync(join(tmpdir(), "octopus-b-")), { ...env, OCTOPUS_SERVER_INSTANCE: "b" });
        for (let i = 0; i < 7; i++) await chat(a, key, i % 2 === 0);
        for (let i = 0; i < 5; i++) await chat(b, key, i % 2 === 1);
        await Bun.sleep(LOGS_WRITTEN_MS);
        await a.kill();
        // B's 5 rows are written but not yet in the stats: the restarted A must leave them to B.
        a = await spawnOctopus(cwdA, envA);
        const afterRestart = await adminCall(a.url, "/api/v1/stats/total", undefined, token);
        expect(afterRestart.requests).toBe(7);
        await chat(a, key, false);
        await chat(b, key, true);
        expect(await Promise.all([a.stop(), b.stop()])).toEqual([0, 0]);

        const db = await openDatabase(second.config);
        try {
          const [total] = await createStores(db).stats.list("total");
          expect(total.counters.requests).toBe(14);
        } finally {
          await db.close();
        }
      } finally {
        await second.drop();
      }
    });
  });
});
