import { Elysia } from "elysia";
import type { Counters, StatScope } from "../db/stores/stats";
import type { AdminContext } from "./context";

/**
 * The share of input read from providers' prompt caches (input counts include cache reads), to
 * see whether sticky routing keeps caches warm; null without input.
 */
const withCacheHitRate = (c: Counters) => ({ ...c, cache_hit_rate: c.input_tokens > 0 ? c.cache_read_tokens / c.input_tokens : null });

/** Stored counters merged with the ones not yet flushed, so the numbers are current. */
export const statsRoutes = ({ accounting }: AdminContext) => {
  const listed = (scope: StatScope) => async () =>
    (await accounting.stats.read(scope)).map(({ key, counters }) => ({ key, ...withCacheHitRate(counters) }));
  return new Elysia()
    .get("/stats/total", async () => withCacheHitRate(await accounting.stats.total()))
    .get("/stats/daily", listed("daily"))
    .get("/stats/hourly", listed("hourly"))
    .get("/stats/channel", listed("channel"))
    .get("/stats/model", listed("model"))
    .get("/stats/apikey", listed("apikey"));
};
