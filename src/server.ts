/** Composes the HTTP app: the relay, the admin API and the panel. */
import { Elysia, type AnyElysia } from "elysia";
import type { AdminContext } from "./admin/context";
import { adminApi, errorResponse } from "./admin";
import { cors } from "./cors";
import { relayRoutes } from "./relay";
import { panel } from "./panel";

export function createServer(ctx: AdminContext, corsOrigins: ReadonlySet<string>, metrics: AnyElysia) {
  return new Elysia()
    .onError(({ code, error }) => errorResponse(code, error))
    .use(cors(corsOrigins))
    .use(metrics)
    .use(relayRoutes(ctx.relay))
    .use(adminApi(ctx))
    .use(panel());
}
