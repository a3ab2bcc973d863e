/** Composes the HTTP app: the relay, the admin API and the panel. */
import { Elysia } from "elysia";
import type { AdminContext } from "./admin/context";
import { adminApi, errorResponse } from "./admin";
import { cors } from "./cors";
import { relayRoutes } from "./relay";
import { panel } from "./panel";
import { probeRoutes } from "./probes";

export function createServer(ctx: AdminContext, corsOrigins: ReadonlySet<string>) {
  return new Elysia()
    .onError(({ code, error }) => errorResponse(code, error))
    .use(cors(corsOrigins))
    .use(probeRoutes(ctx.stores.db, ctx.state))
    .use(relayRoutes(ctx.relay))
    .use(adminApi(ctx))
    .use(panel());
}
