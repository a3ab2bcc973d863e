/**
 * `/healthz` and `/readyz` over HTTP, without a token: ready on SQLite; on PostgreSQL, 503 with the
 * reason while the database is cut off and ready again once it is back; 503 before the state loads.
 */
import { afterAll, expect, test } from "bun:test";
import { openDatabase } from "../src/db/connection";
import { migrate } from "../src/db/migrate";
import { createStores } from "../src/db/stores";
import { probeRoutes } from "../src/probes";
import { AppState } from "../src/state";
import { createTestDatabase } from "./databases";
import { startTestOctopus } from "./octopus";
import { startTcpProxy } from "./tcp-proxy";

const cleanup: (() => Promise<unknown> | unknown)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

const probe = async (url: string) => {
  const response = await fetch(url);
  return { status: response.status, body: (await response.text()).trim(), cache: response.headers.get("cache-control") };
};

test("on SQLite both probes answer 200 without a token", async () => {
  const t = await startTestOctopus();
  cleanup.push(() => t.close());
  expect(await probe(`${t.url}/healthz`)).toEqual({ status: 200, body: "ok", cache: "no-store" });
  expect(await probe(`${t.url}/readyz`)).toEqual({ status: 200, body: "ready", cache: "no-store" });
});

test("readyz answers 503 with the reason while PostgreSQL is unreachable, 200 again once it is back; healthz stays 200", async () => {
  const database = await createTestDatabase("postgres");
  cleanup.push(() => database.drop());
  const real = new URL(database.config.path);
  const proxy = startTcpProxy(real.hostname, Number(real.port));
  cleanup.push(() => proxy.close());
  const viaProxy = new URL(real);
  viaProxy.port = String(proxy.port);
  const t = await startTestOctopus({ database: { type: "postgres", path: viaProxy.toString() } });
  cleanup.push(() => t.close());

  expect(await probe(`${t.url}/readyz`)).toMatchObject({ status: 200, body: "ready" });
  proxy.cut();
  const down = await probe(`${t.url}/readyz`);
  expect(down.status).toBe(503);
  expect(down.body).toMatch(/^database (unreachable: .+|did not answer within \d+ ms)$/);
  expect(await probe(`${t.url}/healthz`)).toMatchObject({ status: 200, body: "ok" });
  proxy.restore();
  let again = await probe(`${t.url}/readyz`);
  for (let i = 0; i < 50 && again.status !== 200; i++) {
    await Bun.sleep(100);
    again = await probe(`${t.url}/readyz`);
  }
  expect(again).toMatchObject({ status: 200, body: "ready" });
}, 30_000);

test("readyz answers 503 \"state not loaded\" until the state's first load", async () => {
  const { config, drop } = await createTestDatabase("sqlite");
  cleanup.push(drop);
  const db = await openDatabase(config);
  cleanup.push(() => db.close());
  await migrate(db);
  const state = new AppState(createStores(db));
  const server = probeRoutes(db, state).listen({ hostname: "127.0.0.1", port: 0 });
  cleanup.push(() => server.stop(true));
  const url = `http://127.0.0.1:${server.server!.port}/readyz`;
  expect(await probe(url)).toMatchObject({ status: 503, body: "state not loaded" });
  await state.reload();
  expect(await probe(url)).toMatchObject({ status: 200, body: "ready" });
});
