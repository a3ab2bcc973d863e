/** Composes the HTTP app: the relay, the Amp CLI proxy, the admin API and the panel. */
import { Elysia, type AnyElysia } from "elysia";
import type { AdminContext } from "./admin/context";
import { adminApi } from "./admin";
import { cors } from "./cors";
import { relayRoutes } from "./relay";
import { panel } from "./panel";
import { probeRoutes } from "./probes";

/** `amp`: the Amp CLI proxy's routes, when it is enabled. */
export function createServer(ctx: AdminContext, corsOrigins: ReadonlySet<string>, metrics: AnyElysia, amp: AnyElysia = new Elysia()) {
  // Each side answers its own errors: the relay in the client's format, the admin API (whose
  // handler also covers the panel) in its own shape.
  return new Elysia()
    .use(cors(corsOrigins))
    .use(probeRoutes(ctx.stores.db, ctx.state))
    .use(metrics)
    .use(relayRoutes(ctx.relay))
    .use(amp)
    .use(adminApi(ctx))
    .use(panel());
}
