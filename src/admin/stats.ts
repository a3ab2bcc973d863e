import { Elysia } from "elysia";
import type { StatScope } from "../db/stores/stats";
import type { AdminContext } from "./context";

/** Stored counters merged with the ones not yet flushed, so the numbers are current. */
export const statsRoutes = ({ accounting }: AdminContext) => {
  const listed = (scope: StatScope) => async () =>
    (await accounting.stats.read(scope)).map(({ key, counters }) => ({ key, ...counters }));
  return new Elysia()
    .get("/stats/total", () => accounting.stats.total())
    .get("/stats/daily", listed("daily"))
    .get("/stats/hourly", listed("hourly"))
    .get("/stats/channel", listed("channel"))
    .get("/stats/model", listed("model"))
    .get("/stats/apikey", listed("apikey"));
};
