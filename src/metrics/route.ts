import { timingSafeEqual } from "node:crypto";
import { Elysia } from "elysia";
import { isLoopback } from "../net";
import type { AppState } from "../state";
import type { Metrics } from ".";

/**
 * `GET /metrics` for Prometheus: with the `metrics_token` setting, only with that bearer token;
 * without one, only from this machine.
 */
export const metricsRoute = (metrics: Metrics, state: AppState) =>
  new Elysia().get("/metrics", ({ request, server }) => {
    const token = state.settings.metrics_token;
    const sent = request.headers.get("authorization");
    const allowed = token
      ? sent !== null && sameText(sent, `Bearer ${token}`)
      : isLoopback(server?.requestIP(request)?.address ?? "");
    if (!allowed)
      return Response.json(
        { error: { message: token ? "a valid metrics bearer token is required" : "set the metrics_token setting to scrape /metrics from another host" } },
        { status: token ? 401 : 403, headers: token ? { "www-authenticate": "Bearer" } : {} },
      );
    return new Response(metrics.render(), { headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8" } });
  });

function sameText(a: string, b: string) {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
