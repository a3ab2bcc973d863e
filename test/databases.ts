/**
 * Throw-away databases on the real servers: a temporary SQLite file, and a fresh database on the
 * MariaDB/MySQL and PostgreSQL servers named by OCTOPUS_TEST_MYSQL / OCTOPUS_TEST_POSTGRES
 * (defaults: the local servers on 127.0.0.1). Each call creates a new database; `drop` removes it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import mysql from "mysql2/promise";
import postgres from "postgres";
import type { DatabaseConfig, Dialect } from "../src/db/connection";
import { parseMysqlDsn } from "../src/db/dsn";

const MYSQL_SERVER = process.env.OCTOPUS_TEST_MYSQL ?? "root:@tcp(127.0.0.1:3306)/mysql";
const POSTGRES_SERVER = process.env.OCTOPUS_TEST_POSTGRES ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export const DIALECTS: Dialect[] = ["sqlite", "mysql", "postgres"];

export interface TestDatabase {
  config: DatabaseConfig;
  drop(): Promise<void>;
}

const uniqueName = () => `octopus_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;

export async function createTestDatabase(dialect: Dialect): Promise<TestDatabase> {
  const name = uniqueName();
  if (dialect === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "octopus-test-"));
    return { config: { type: "sqlite", path: join(dir, "data.db") }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  if (dialect === "mysql") {
    const server = parseMysqlDsn(MYSQL_SERVER);
    const admin = await mysql.createConnection({ ...server, database: undefined });
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
    await admin.end();
    const credentials = server.password ? `${server.user}:${server.password}` : server.user;
    return {
      config: { type: "mysql", path: `${credentials}@tcp(${server.host}:${server.port})/${name}` },
      async drop() {
        const c = await mysql.createConnection({ ...server, database: undefined });
        await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
        await c.end();
      },
    };
  }
  const admin = postgres(POSTGRES_SERVER, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(POSTGRES_SERVER);
  url.pathname = `/${name}`;
  return {
    config: { type: "postgres", path: url.toString() },
    async drop() {
      const c = postgres(POSTGRES_SERVER, { max: 1, onnotice: () => {} });
      await c.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}
