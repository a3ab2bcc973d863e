/**
 * The admin API under /api/v1: JSON in and out, `{"error":{"message"}}` on failure, and a valid
 * panel token on every route but login.
 */
import { Elysia, ValidationError } from "elysia";
import { isUniqueViolation, loggableError } from "../db/errors";
import { nestsDeeperThan, TOO_DEEP } from "../json-depth";
import { StoreError } from "../db/stores";
import { log } from "../log";
import { mustBe, type SchemaNode } from "../schema-text";
import { apiKeyRoutes } from "./apikey";
import { backupRoutes } from "./backup";
import { channelRoutes } from "./channel";
import { channelTestRoutes } from "./channel-test";
import type { AdminContext } from "./context";
import { groupRoutes } from "./group";
import { healthRoutes } from "./health";
import { errorBody, HttpError } from "./http";
import { logRoutes } from "./log";
import { modelRoutes } from "./model";
import { settingRoutes } from "./setting";
import { statsRoutes } from "./stats";
import { systemRoutes } from "./system";
import { loginRoutes, userRoutes } from "./user";

/** "body.items[0].weight: Expected integer" — the field first, as a user reads it. */
function validationMessage(error: ValidationError): string {
  const first = error.all[0] as { path?: string; summary?: string; message?: string; schema?: SchemaNode } | undefined;
  if (!first) return `invalid ${error.type}`;
  const field = (first.path ?? "").replace(/^\//, "").replace(/\/(\d+)(?=\/|$)/g, "[$1]").replace(/\//g, ".");
  const what = first.schema?.anyOf ? mustBe(first.schema) : (first.summary ?? first.message ?? "invalid");
  return `${error.type}${field ? "." + field : ""}: ${what}`;
}

/**
 * A JSON body, refused when it nests too deep for the validators to walk. An empty one reads as
 * null: absent for routes that take no body, a type error for those that do.
 */
async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text === "") return null;
  const body = JSON.parse(text);
  if (nestsDeeperThan(body)) throw new HttpError(400, TOO_DEEP);
  return body;
}

export function errorResponse(code: string | number, error: unknown) {
  const json = (status: number, message: string, headers: Record<string, string> = {}) =>
    Response.json(errorBody(message), { status, headers });
  if (error instanceof HttpError) return json(error.status, error.message, error.headers);
  if (error instanceof ValidationError) return json(400, validationMessage(error));
  if (code === "PARSE") return json(400, error instanceof Error && error.cause instanceof HttpError ? error.cause.message : "request body is not valid JSON");
  if (code === "NOT_FOUND") return json(404, "not found");
  if (error instanceof StoreError) return json(400, error.message);
  if (isUniqueViolation(error)) return json(409, "a record with that name or key already exists");
  log.error("admin request failed", { error: loggableError(error) });
  return json(500, "internal error");
}

const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Admin writes with a body take JSON only: an HTML form on another site can send urlencoded,
 * multipart or plain text with the browser's cookie, but not JSON without a CORS preflight.
 */
function refuseNonJson(request: Request): Response | undefined {
  if (!WRITES.has(request.method)) return;
  const type = request.headers.get("content-type");
  if (type?.split(";")[0].trim().toLowerCase() === "application/json") return;
  const hasBody = type !== null || (request.headers.get("content-length") ?? "0") !== "0" || request.headers.has("transfer-encoding");
  // Checked last: the relay's own JSON requests pass above without this parse of the URL.
  if (!hasBody || !new URL(request.url).pathname.startsWith("/api/v1/")) return;
  return Response.json(errorBody("admin requests with a body must be sent as application/json"), { status: 415 });
}

export function adminApi(ctx: AdminContext) {
  return new Elysia({ prefix: "/api/v1" })
    .onError({ as: "scoped" }, ({ code, error }) => errorResponse(code, error))
    // Before routing and body parsing, so a form body is never read; it runs for every request.
    .onRequest(({ request }) => refuseNonJson(request))
    .onParse({ as: "scoped" }, ({ request, contentType }) => (contentType.startsWith("application/json") ? readJson(request) : undefined))
    .use(loginRoutes(ctx))
    // `transform` runs before body validation, so an unauthenticated request learns nothing but 401.
    .guard({ transform: async ({ request }) => void (await ctx.auth.authenticate(request)) }, (app) =>
      app
        .use(userRoutes(ctx))
        .use(channelRoutes(ctx))
        .use(channelTestRoutes(ctx))
        .use(groupRoutes(ctx))
        .use(apiKeyRoutes(ctx))
        .use(settingRoutes(ctx))
        .use(statsRoutes(ctx))
        .use(logRoutes(ctx))
        .use(modelRoutes(ctx))
        .use(healthRoutes(ctx))
        .use(systemRoutes(ctx))
        .use(backupRoutes(ctx)),
    );
}
