/** What opening a database loads: only its own dialect (the others cost memory for nothing). */
import { expect, test } from "bun:test";
import { join } from "node:path";

test("opening SQLite loads neither MySQL's nor PostgreSQL's driver, nor their drizzle dialects and columns", () => {
  // A process of its own: this one may have loaded them for other tests. (drizzle's core loads
  // part of pg-core whatever the dialect.)
  const script = `
    const { openDatabase } = await import(${JSON.stringify(join(import.meta.dir, "connection.ts"))});
    const db = await openDatabase({ type: "sqlite", path: ":memory:" });
    await db.close();
    console.log(JSON.stringify(Object.keys(require.cache).filter((p) => /mysql|postgres/.test(p))));`;
  const run = Bun.spawnSync([process.execPath, "-e", script], { stderr: "pipe" });
  expect(run.stderr.toString()).toBe("");
  expect(JSON.parse(run.stdout.toString())).toEqual([]);
});
