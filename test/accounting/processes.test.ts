/**
 * Octopus as processes: counts survive a SIGTERM and a restart, and two instances sharing one
 * PostgreSQL database add their counts up instead of overwriting each other.
 */
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

  describe("two instances on one PostgreSQL database", () => {
    let target: TestDatabase;
    beforeAll(async () => {
      target = await createTestDatabase("postgres");
    });
    afterAll(() => target.drop());

    test("their flushed stats add up", async () => {
      const env = { ...NO_PERIODIC_FLUSH, OCTOPUS_DATABASE_TYPE: "postgres", OCTOPUS_DATABASE_PATH: target.config.path };
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
  });
});
