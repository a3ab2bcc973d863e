import { Elysia } from "elysia";
import { version } from "../../package.json";
import type { AdminContext } from "./context";

/** What the panel's About section shows: the running version, the database kind, the uptime. */
export const systemRoutes = ({ stores }: AdminContext) => {
  const startedAt = Date.now();
  return new Elysia().get("/system/info", () => ({
    version,
    database: stores.db.dialect,
    started_at: startedAt,
    uptime_s: Math.floor((Date.now() - startedAt) / 1000),
  }));
};
