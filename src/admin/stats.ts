import { Elysia } from "elysia";
import { zeroCounters, type StatScope } from "../db/stores/stats";
import type { AdminContext } from "./context";

/** Stats as stored. (The accounting module will merge the not yet flushed counters in.) */
export const statsRoutes = ({ stores }: AdminContext) => {
  const listed = (scope: StatScope) => async () =>
    (await stores.stats.list(scope)).map(({ key, counters }) => ({ key, ...counters }));
  return new Elysia()
    .get("/stats/total", async () => (await stores.stats.list("total"))[0]?.counters ?? zeroCounters())
    .get("/stats/daily", listed("daily"))
    .get("/stats/hourly", listed("hourly"))
    .get("/stats/channel", listed("channel"))
    .get("/stats/model", listed("model"))
    .get("/stats/apikey", listed("apikey"));
};
