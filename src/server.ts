/** Composes the HTTP app: the relay, the admin API and the panel. */
import { Elysia } from "elysia";
import type { AdminContext } from "./admin/context";
import { adminApi } from "./admin";
import { cors } from "./cors";
import { relayRoutes } from "./relay";
import { panel } from "./panel";

export function createServer(ctx: AdminContext, corsOrigins: ReadonlySet<string>) {
  // Each side answers its own errors: the relay in the client's format, the admin API (whose
  // handler also covers the panel) in its own shape.
  return new Elysia()
    .use(cors(corsOrigins))
    .use(relayRoutes(ctx.relay))
    .use(adminApi(ctx))
    .use(panel());
}
