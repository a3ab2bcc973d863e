/** Recognises a unique-key violation from any of the three drivers (drizzle wraps it in `cause`). */
export function isUniqueViolation(error: unknown): boolean {
  for (let e = error as any; e; e = e.cause) {
    if (e.errno === 1062 || e.code === "23505" || e.code === "SQLITE_CONSTRAINT_UNIQUE") return true;
    if (typeof e.message === "string" && e.message.includes("UNIQUE constraint failed")) return true;
  }
  return false;
}
