/** What opening a database loads (only its own dialect: the others cost memory for nothing), and how SQLite reuses statements. */
import { expect, test } from "bun:test";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { openDatabase } from "./connection";

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

test("SQLite prepares a statement once and runs it again; it keeps the most recent ones, a bounded number", async () => {
  const db = await openDatabase({ type: "sqlite", path: ":memory:" });
  if (db.dialect !== "sqlite") throw new Error("not SQLite");
  try {
    const prepared: string[] = [];
    const prepare = db.driver.prepare.bind(db.driver);
    db.driver.prepare = ((sql: string) => (prepared.push(sql), prepare(sql))) as typeof db.driver.prepare;
    const read = (n: number) => db.rows<{ n: number }>(sql`SELECT ${sql.raw(String(n))} AS n`);
    expect(await read(1)).toEqual([{ n: 1 }]);
    expect(await read(1)).toEqual([{ n: 1 }]);
    expect(prepared).toEqual(["SELECT 1 AS n"]);
    // 100 other statements later the first was dropped: prepared anew, and right.
    for (let n = 2; n <= 101; n++) await read(n);
    expect(await read(1)).toEqual([{ n: 1 }]);
    expect(prepared.filter((text) => text === "SELECT 1 AS n").length).toBe(2);
    expect(prepared.length).toBe(102);
  } finally {
    await db.close();
  }
});
