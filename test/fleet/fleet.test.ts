import { randomBytes } from "node:crypto";
/**
 * Several Octopus processes on one PostgreSQL and on one MariaDB database behave as one service:
 * admin changes reach every instance within 2 s, sign-outs and password changes hold everywhere,
 * instances started together on an empty database all come up, and a shared budget holds.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { openDatabase, type Dialect } from "../../src/db/connection";
import { MIGRATIONS } from "../../src/db/migrations";
import { createTestDatabase, type TestDatabase } from "../databases";
import { createOpenaiChatMock } from "../mocks/openai-chat";
import { adminCall, configureChat, spawnOctopus, type OctopusProcess } from "../process";

/** How soon a change made through one instance must be live on the others. */
const PROPAGATION_MS = 2000;

/** An upstream that counts the requests it answered. */
function countingUpstream(apiKey: string) {
  const mock = createOpenaiChatMock({ apiKey });
  let hits = 0;
  const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: (r) => (hits++, mock.fetch(r)) });
  return { url: `http://127.0.0.1:${server.port}/v1`, key: apiKey, hits: () => hits, stop: () => server.stop(true) };
}

const first = countingUpstream("sk-upstream-first");
const second = countingUpstream("sk-upstream-second");
afterAll(() => {
  first.stop();
  second.stop();
});

const spawnIn = (env: Record<string, string>) => spawnOctopus(mkdtempSync(join(tmpdir(), "octopus-fleet-")), env);

function chat(o: OctopusProcess, key: string, model = "chat", maxTokens?: number) {
  return fetch(`${o.url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: JSON.stringify({ model, messages: [{ role: "user", content: "hi" }], ...(maxTokens && { max_tokens: maxTokens }) }),
  }).then(async (r) => ({ status: r.status, body: await r.json() }));
}

/** Waits until `check` holds, at most `within` ms; returns how long it took. */
async function eventually(check: () => Promise<boolean>, within = PROPAGATION_MS): Promise<number> {
  const start = Date.now();
  for (;;) {
    if (await check()) return Date.now() - start;
    if (Date.now() - start > within) throw new Error(`not within ${within} ms`);
    await Bun.sleep(50);
  }
}

/** Instances sharing a database share its secret key too, as README says they must. */
const SECRET_KEY = randomBytes(32).toString("base64");
const envFor = (target: TestDatabase) => ({
  OCTOPUS_DATABASE_TYPE: target.config.type,
  OCTOPUS_DATABASE_PATH: target.config.path,
  OCTOPUS_SECRET_KEY: SECRET_KEY,
});

for (const dialect of ["postgres", "mysql"] as Dialect[]) {
  describe(`instances on one ${dialect} database`, () => {
    let target: TestDatabase;
    let a: OctopusProcess, b: OctopusProcess;
    let token: string, key: string;
    beforeAll(async () => {
      target = await createTestDatabase(dialect);
      a = await spawnIn(envFor(target));
      ({ token, key } = await configureChat(a, first.url, first.key));
      b = await spawnIn(envFor(target));
    });
    afterAll(async () => {
      expect(await Promise.all([a.stop(), b.stop()])).toEqual([0, 0]);
      await target.drop();
    });

    test("an API key created on A is served by B within 2 s", async () => {
      const { key: fresh } = await adminCall(a.url, "/api/v1/apikey/create", { name: "fresh" }, token);
      await eventually(async () => (await chat(b, fresh)).status === 200);
    });

    test("a channel disabled through A is no longer routed by B within 2 s", async () => {
      const channels = await adminCall(a.url, "/api/v1/channel/list", undefined, token);
      const backup = await adminCall(a.url, "/api/v1/channel/create", { name: "backup", type: "openai-chat", base_urls: [{ url: second.url }], keys: [{ key: second.key }], models: ["gpt-4o-mini"] }, token);
      const group = (await adminCall(a.url, "/api/v1/group/list", undefined, token)).find((g: any) => g.name === "chat");
      await adminCall(a.url, "/api/v1/group/update", { id: group.id, items: [{ channel_id: channels[0].id, model: "gpt-4o-mini" }, { channel_id: backup.id, model: "gpt-4o-mini" }] }, token);
      // Failover: B sends to the first channel while it is enabled.
      await eventually(async () => {
        const before = first.hits();
        return (await chat(b, key)).status === 200 && first.hits() === before + 1;
      });
      await adminCall(a.url, "/api/v1/channel/update", { id: channels[0].id, enabled: false }, token);
      const took = await eventually(async () => {
        const before = first.hits();
        const sent = await chat(b, key);
        return sent.status === 200 && first.hits() === before;
      });
      // From then on, B's requests all go to the backup.
      const [firstBefore, secondBefore] = [first.hits(), second.hits()];
      for (let i = 0; i < 5; i++) expect((await chat(b, key)).status).toBe(200);
      expect([first.hits() - firstBefore, second.hits() - secondBefore]).toEqual([0, 5]);
      expect(took).toBeLessThanOrEqual(PROPAGATION_MS);
      await adminCall(a.url, "/api/v1/channel/update", { id: channels[0].id, enabled: true }, token);
    });

    test("a group created on B is served by A within 2 s", async () => {
      const channels = await adminCall(b.url, "/api/v1/channel/list", undefined, token);
      expect((await chat(a, key, "made-on-b")).status).toBe(404);
      await adminCall(b.url, "/api/v1/group/create", { name: "made-on-b", mode: "failover", items: [{ channel_id: channels[0].id, model: "gpt-4o-mini" }] }, token);
      await eventually(async () => (await chat(a, key, "made-on-b")).status === 200);
    });

    test("a password changed on A revokes the tokens B issued; a sign-out on B holds on A", async () => {
      const login = (o: OctopusProcess, password: string) => adminCall(o.url, "/api/v1/user/login", { username: "admin", password });
      const onB = (await login(b, "admin")).token;
      const info = (o: OctopusProcess, t: string) => fetch(`${o.url}/api/v1/user/info`, { headers: { authorization: `Bearer ${t}` } }).then((r) => r.status);
      expect(await info(b, onB)).toBe(200);
      const fresh = (await adminCall(a.url, "/api/v1/user/change-password", { old_password: "admin", new_password: "changed-on-a" }, token)).token;
      expect(await info(b, onB)).toBe(401);
      expect(await info(b, fresh)).toBe(200);
      await adminCall(b.url, "/api/v1/user/logout", {}, fresh);
      expect(await info(a, fresh)).toBe(401);
      token = (await login(a, "changed-on-a")).token;
      expect(await info(b, token)).toBe(200);
    });

    test("each instance lists the fleet and names itself in its health answer", async () => {
      const listed = await adminCall(b.url, "/api/v1/instances", undefined, token);
      expect(listed).toHaveLength(2);
      for (const i of listed) expect(Object.keys(i).sort()).toEqual(["heartbeat_at", "host", "id", "self", "started_at", "version"]);
      const self = listed.find((i: any) => i.self);
      const health = await fetch(`${b.url}/api/v1/channel/health`, { headers: { authorization: `Bearer ${token}` } });
      expect(health.headers.get("x-octopus-instance")).toBe(self.id);
      expect(self.id).toEndWith(`:${new URL(b.url).port}`);
      const fromA = await fetch(`${a.url}/api/v1/channel/health`, { headers: { authorization: `Bearer ${token}` } });
      expect(fromA.headers.get("x-octopus-instance")).not.toBe(self.id);
    });
  });

  test(`${dialect}: a key with a budget, under concurrent load on two instances, overshoots by at most two estimates`, async () => {
    const target = await createTestDatabase(dialect);
    const pair: OctopusProcess[] = [];
    try {
      pair.push(await spawnIn(envFor(target)));
      const { token, key: unlimited } = await configureChat(pair[0], first.url, first.key);
      pair.push(await spawnIn(envFor(target)));
      // One price for every kind of token: a request costs its 34 tokens (see the mock's usage) at it.
      const perToken = 1000 / 1e6;
      await adminCall(pair[0].url, "/api/v1/model/update", { name: "gpt-4o-mini", input: 1000, output: 1000, cache_read: 1000, cache_write: 1000 }, token);
      const budget = 0.5;
      const { key, id } = await adminCall(pair[0].url, "/api/v1/apikey/create", { name: "shared budget", max_cost: budget }, token);
      const body = JSON.stringify({ model: "chat", max_tokens: 9, messages: [{ role: "user", content: "x".repeat(200) }] });
      // What admission reserves per request (the relay's estimate): body bytes / 4 in, max_tokens out.
      const estimate = (Math.ceil(body.length / 4) + 9) * perToken;
      expect(estimate).toBeGreaterThan(34 * perToken);
      await eventually(async () => (await chat(pair[1], key)).status === 200, 5000);
      await eventually(async () => (await chat(pair[1], unlimited)).status === 200);

      const served = [0, 0];
      const deadline = Date.now() + 15_000;
      const worker = async (i: number) => {
        while (Date.now() < deadline) {
          const r = await fetch(`${pair[i].url}/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${key}` }, body });
          await r.text();
          if (r.status === 200) served[i]++;
          else if (r.status === 403) return;
          else if (r.status === 429) await Bun.sleep(100);
          else throw new Error(`unexpected status ${r.status}`);
        }
      };
      await Promise.all([0, 1, 0, 1, 0, 1, 0, 1].map(worker));
      expect(Date.now()).toBeLessThan(deadline);
      expect(served[0]).toBeGreaterThan(0);
      expect(served[1]).toBeGreaterThan(0);
      expect(await Promise.all(pair.splice(0).map((o) => o.stop()))).toEqual([0, 0]);

      const db = await openDatabase(target.config);
      try {
        const { createStores } = await import("../../src/db/stores");
        const perKey = (await createStores(db).stats.list("apikey")).find((r) => r.key === String(id))!;
        const spent = perKey.counters.cost;
        // The warm-up request above is in it too.
        expect(perKey.counters.success).toBe(served[0] + served[1] + 1);
        expect(spent).toBeGreaterThanOrEqual(budget);
        expect(spent).toBeLessThanOrEqual(budget + 2 * estimate);
        console.log(`budget ${budget}, spent ${spent.toFixed(4)}, overshoot ${(spent - budget).toFixed(4)}, bound ${(2 * estimate).toFixed(4)}, served ${served}`);
      } finally {
        await db.close();
      }
    } finally {
      await Promise.all(pair.map((o) => o.stop()));
      await target.drop();
    }
  });

  test(`${dialect}: three instances started at once on an empty database all come up, migrations applied once`, async () => {
    const target = await createTestDatabase(dialect);
    try {
      const three = await Promise.all([0, 1, 2].map(() => spawnIn(envFor(target))));
      try {
        const logs = three.map((o) => o.log.join(""));
        expect(logs.filter((l) => l.includes("applied migrations"))).toHaveLength(1);
        expect(logs.filter((l) => l.includes('created the user "admin"'))).toHaveLength(1);
        // One signing secret: a token from one instance is good on the others.
        const { token } = await adminCall(three[0].url, "/api/v1/user/login", { username: "admin", password: "admin" });
        for (const o of three) expect((await adminCall(o.url, "/api/v1/instances", undefined, token)).length).toBe(3);
      } finally {
        expect(await Promise.all(three.map((o) => o.stop()))).toEqual([0, 0, 0]);
      }
      const db = await openDatabase(target.config);
      try {
        const rows = await db.rows<{ name: string }>(sql`SELECT name FROM octopus_migrations`);
        expect(rows.map((r) => r.name).sort()).toEqual(MIGRATIONS[dialect].map((m) => m.name).sort());
      } finally {
        await db.close();
      }
    } finally {
      await target.drop();
    }
  });
}
