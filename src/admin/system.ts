import { Elysia } from "elysia";
import { BUILD } from "../build-info";
import type { AdminContext } from "./context";

/** What the panel's About section shows: the running version, the database kind, the uptime, and whether a newer release exists. */
export const systemRoutes = ({ stores, state, updates }: AdminContext) => {
  const startedAt = Date.now();
  return new Elysia()
    .get("/system/info", () => ({
      version: BUILD.version,
      /** Null when run from source, as is built_at. */
      commit: BUILD.commit || null,
      built_at: BUILD.date || null,
      platform: BUILD.platform,
      database: stores.db.dialect,
      started_at: startedAt,
      uptime_s: Math.floor((Date.now() - startedAt) / 1000),
    }))
    .get("/update", () => updates.status(state.settings.update_check_url));
};
