/**
 * The admin API under /api/v1: JSON in and out, `{"error":{"message"}}` on failure, and a valid
 * panel token on every route but login.
 */
import { Elysia, ValidationError } from "elysia";
import { isUniqueViolation } from "../db/errors";
import { StoreError } from "../db/stores";
import { log } from "../log";
import { apiKeyRoutes } from "./apikey";
import { channelRoutes } from "./channel";
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
  const first = error.all[0] as { path?: string; summary?: string; message?: string } | undefined;
  if (!first) return `invalid ${error.type}`;
  const field = (first.path ?? "").replace(/^\//, "").replace(/\/(\d+)(?=\/|$)/g, "[$1]").replace(/\//g, ".");
  return `${error.type}${field ? "." + field : ""}: ${first.summary ?? first.message ?? "invalid"}`;
}

export function errorResponse(code: string | number, error: unknown) {
  const json = (status: number, message: string, headers: Record<string, string> = {}) =>
    Response.json(errorBody(message), { status, headers });
  if (error instanceof HttpError) return json(error.status, error.message, error.headers);
  if (error instanceof ValidationError) return json(400, validationMessage(error));
  if (code === "PARSE") return json(400, "request body is not valid JSON");
  if (code === "NOT_FOUND") return json(404, "not found");
  if (error instanceof StoreError) return json(400, error.message);
  if (isUniqueViolation(error)) return json(409, "a record with that name or key already exists");
  // Driver errors can quote the query's parameters (provider keys among them): log the cause only.
  const cause = (error as { cause?: Error })?.cause ?? error;
  log.error("admin request failed", { error: (cause as Error)?.message ?? String(cause) });
  return json(500, "internal error");
}

export function adminApi(ctx: AdminContext) {
  return new Elysia({ prefix: "/api/v1" })
    .onError({ as: "scoped" }, ({ code, error }) => errorResponse(code, error))
    .use(loginRoutes(ctx))
    // `transform` runs before body validation, so an unauthenticated request learns nothing but 401.
    .guard({ transform: async ({ request }) => void (await ctx.auth.authenticate(request)) }, (app) =>
      app
        .use(userRoutes(ctx))
        .use(channelRoutes(ctx))
        .use(groupRoutes(ctx))
        .use(apiKeyRoutes(ctx))
        .use(settingRoutes(ctx))
        .use(statsRoutes(ctx))
        .use(logRoutes(ctx))
        .use(modelRoutes(ctx))
        .use(healthRoutes(ctx))
        .use(systemRoutes(ctx)),
    );
}
