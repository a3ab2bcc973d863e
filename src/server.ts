/** Composes the HTTP app: the relay, the admin API and the panel. */
import { Elysia } from "elysia";
import panelPage from "../ui/index.html" with { type: "text" };
import type { AdminContext } from "./admin/context";
import { adminApi, errorResponse } from "./admin";
import { cors } from "./cors";
import type { RelayContext } from "./relay/context";
import { relayRoutes } from "./relay";

// Bun types every .html import as a bundle; imported `with { type: "text" }` it is the page's text.
const panelHtml = panelPage as unknown as string;

export function createServer(ctx: AdminContext, relay: RelayContext, corsOrigins: ReadonlySet<string>) {
  return new Elysia()
    .onError(({ code, error }) => errorResponse(code, error))
    .use(cors(corsOrigins))
    .use(relayRoutes(relay))
    .use(adminApi(ctx))
    .get("/", () => new Response(panelHtml, { headers: { "content-type": "text/html; charset=utf-8" } }));
}
