/**
 * On each database: relayed requests of every format pair, some failing, become stats and log
 * rows equal, to the token and the cent, to what the mock upstreams reported.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { FORMATS, type Format } from "../../src/protocols/ir";
import { createTestDatabase, DIALECTS, type TestDatabase } from "../databases";
import { SCENARIO } from "../mocks/scenario";
import { groupFor, minimalRequest, post, startStage, UPSTREAM_MODEL, type Stage } from "../relay/harness";
import { cacheWrites, expectedCost, setPrices } from "./scenario-prices";

for (const dialect of DIALECTS) {
  describe(`accounting on ${dialect}`, () => {
    let target: TestDatabase;
    let stage: Stage;
    beforeAll(async () => {
      target = await createTestDatabase(dialect);
      stage = await startStage({}, target.config);
      await setPrices(stage);
    });
    afterEach(() => stage.clearFaults());
    afterAll(async () => {
      await stage?.close();
      await target?.drop();
    });

    test("stats and logs in the database equal what the upstreams reported", async () => {
      const served: Format[] = [];
      for (const client of FORMATS)
        for (const channel of FORMATS)
          for (const stream of [false, true]) {
            const response = await post(stage, client, groupFor(channel), stream, minimalRequest(client, groupFor(channel), stream));
            expect(response.status).toBe(200);
            await response.text();
            served.push(channel);
          }
      const failures: [Format, Format, 400 | 500][] = [
        ["openai-chat", "anthropic", 500],
        ["anthropic", "gemini", 500],
        ["gemini", "openai-chat", 400],
      ];
      for (const [client, channel, status] of failures) {
        stage.mocks[channel].fault({ kind: "status", status });
        const response = await post(stage, client, groupFor(channel), false, minimalRequest(client, groupFor(channel), false));
        expect(response.status).toBe(status);
      }

      const accounting = stage.octopus.octopus.accounting;
      await accounting.logs.flush();
      expect(await accounting.stats.flush()).toBe(true);
      const stores = stage.octopus.octopus.stores;

      const n = served.length;
      const [total] = await stores.stats.list("total");
      expect(total.counters).toMatchObject({
        requests: n + failures.length,
        success: n,
        failed: failures.length,
        input_tokens: n * SCENARIO.usage.inputTokens,
        output_tokens: n * SCENARIO.usage.outputTokens,
        cache_read_tokens: n * SCENARIO.usage.cacheReadTokens,
        cache_write_tokens: served.reduce((sum, c) => sum + cacheWrites(c), 0),
      });
      const cost = served.reduce((sum, c) => sum + expectedCost(c), 0);
      expect(total.counters.cost).toBeCloseTo(cost, 12);

      const byChannel = new Map((await stores.stats.list("channel")).map((r) => [r.key, r.counters]));
      const byModel = new Map((await stores.stats.list("model")).map((r) => [r.key, r.counters]));
      for (const channel of FORMATS) {
        const count = served.filter((c) => c === channel).length;
        const fails = failures.filter(([, c]) => c === channel).length;
        const row = byChannel.get(String(stage.channelIds[channel]))!;
        expect(row).toMatchObject({ requests: count + fails, success: count, failed: fails, input_tokens: count * 25 });
        expect(row.cost).toBeCloseTo(count * expectedCost(channel), 12);
        expect(byModel.get(UPSTREAM_MODEL[channel])!.cost).toBeCloseTo(count * expectedCost(channel), 12);
      }
      const [byKey] = await stores.stats.list("apikey");
      expect(byKey.counters.requests).toBe(n + failures.length);
      expect(byKey.counters.cost).toBeCloseTo(cost, 12);

      const logs = await stores.logs.list({}, 1, 500);
      expect(logs.total).toBe(n + failures.length);
      const ok = logs.items.filter((l) => l.status === 200);
      expect(ok).toHaveLength(n);
      for (const row of ok) {
        const channel = FORMATS.find((f) => stage.channelIds[f] === row.channel_id)!;
        expect(row).toMatchObject({
          model: groupFor(channel),
          actual_model: UPSTREAM_MODEL[channel],
          input_tokens: 25,
          output_tokens: 9,
          cache_read_tokens: 5,
          cache_write_tokens: cacheWrites(channel),
          api_key_name: "e2e",
          source: "relay",
          error: null,
        });
        expect(row.cost).toBeCloseTo(expectedCost(channel), 12);
        expect(row.attempts).toHaveLength(1);
      }
      const failed = logs.items.filter((l) => l.status !== 200);
      expect(failed.map((l) => l.status).sort()).toEqual([400, 500, 500]);
      for (const row of failed) {
        expect(row.error).toBeString();
        expect(row.cost).toBe(0);
      }

      // The admin API reads the same numbers.
      const viaApi = await stage.octopus.api("GET", "/api/v1/stats/total", { token: stage.token });
      expect(viaApi.body.requests).toBe(n + failures.length);
      expect(viaApi.body.cost).toBeCloseTo(cost, 12);
    });
  });
}
