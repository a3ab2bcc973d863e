import { redact } from "../secrets";

/** Recognises a unique-key violation from any of the three drivers (drizzle wraps it in `cause`). */
export function isUniqueViolation(error: unknown): boolean {
  for (let e = error as any; e; e = e.cause) {
    if (e.errno === 1062 || e.code === "23505" || e.code === "SQLITE_CONSTRAINT_UNIQUE") return true;
    if (typeof e.message === "string" && e.message.includes("UNIQUE constraint failed")) return true;
  }
  return false;
}

const MAX_LOGGED_CHARS = 300;

/**
 * An error's message as it may be logged. Drizzle's own says "Failed query: … params: …", and the
 * params are what was written (request logs with their bodies, provider keys): the innermost
 * cause, the driver's words, is told instead, on one line, bounded, with secrets masked.
 */
export function loggableError(error: unknown): string {
  let e = error as { message?: unknown; cause?: unknown } | null | undefined;
  while (e?.cause && typeof (e.cause as { message?: unknown }).message === "string") e = e.cause as typeof e;
  const message = typeof e?.message === "string" ? e.message : String(e);
  const line = message.startsWith("Failed query:") ? "database query failed" : message.replace(/\s+/g, " ").trim();
  return redact(line.length > MAX_LOGGED_CHARS ? `${line.slice(0, MAX_LOGGED_CHARS)}…` : line);
}
