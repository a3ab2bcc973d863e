/**
 * Probes for service managers and load balancers, without authentication and never logged:
 * `/healthz` answers while the process does; `/readyz` answers 200 only when the database answers
 * a query and the state is loaded, else 503 with the reason.
 */
import { sql } from "drizzle-orm";
import { Elysia } from "elysia";
import type { Database } from "./db/connection";
import { loggableError } from "./db/errors";
import type { AppState } from "./state";

/** A database slower than this to answer `SELECT 1` is as good as unreachable to a balancer. */
const DATABASE_TIMEOUT_MS = 3000;

async function databaseProblem(db: Database): Promise<string | undefined> {
  let timer: Timer | undefined;
  const timeout = new Promise<string>((resolve) => (timer = setTimeout(() => resolve(`database did not answer within ${DATABASE_TIMEOUT_MS} ms`), DATABASE_TIMEOUT_MS)));
  const ping = db.rows(sql`SELECT 1`).then(
    () => undefined,
    (e) => `database unreachable: ${loggableError(e)}`,
  );
  try {
    return await Promise.race([ping, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const text = (status: number, body: string) => new Response(body + "\n", { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });

export const probeRoutes = (db: Database, state: AppState) =>
  new Elysia()
    .get("/healthz", () => text(200, "ok"))
    .get("/readyz", async () => {
      // state.version counts loads: 0 until the first one completed.
      const problem = state.version === 0 ? "state not loaded" : await databaseProblem(db);
      return problem ? text(503, problem) : text(200, "ready");
    });
