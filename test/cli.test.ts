/** The command line as a user runs it: a real process, real signals, a real SQLite file. */
import { describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { version } from "../package.json";
import { MAIN, spawnOctopus } from "./process";


function run(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  const proc = Bun.spawnSync([process.execPath, MAIN, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdout: "pipe",
    stderr: "pipe",
  });
  return { code: proc.exitCode, stdout: proc.stdout.toString(), stderr: proc.stderr.toString() };
}

describe("octopus CLI", () => {
  test("version and help", () => {
    expect(run(["version"])).toMatchObject({ code: 0, stdout: `octopus ${version}\n` });
    const help = run(["help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("octopus start [--config PATH]");
  });

  test("unknown commands and flags print usage on stderr and exit 2", () => {
    for (const args of [[], ["serve"], ["start", "--port", "1"], ["start", "--config"], ["version", "extra"]]) {
      const result = run(args);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("Usage:");
      expect(result.stdout).toBe("");
    }
  });

  test("a bad configuration stops start-up with one line naming the key, and the file stays", () => {
    const dir = mkdtempSync(join(tmpdir(), "octopus-cli-"));
    const path = join(dir, "config.json");
    writeFileSync(path, JSON.stringify({ server: { port: 99999 } }));
    const bad = run(["start", "--config", path]);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    expect(bad.stderr).toContain("server.port");
    expect(readFileSync(path, "utf8")).toBe(JSON.stringify({ server: { port: 99999 } }));

    writeFileSync(path, "{}");
    const env = run(["start", "--config", path], { env: { OCTOPUS_DATABASE_TYPE: "oracle" } });
    expect(env.code).toBe(1);
    expect(env.stderr).toContain("database.type (OCTOPUS_DATABASE_TYPE)");
  });

  test("first start writes data/config.json and the admin user; SIGTERM stops it cleanly", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "octopus-cli-"));
    const octopus = await spawnOctopus(cwd);
    try {
      expect(JSON.parse(readFileSync(join(cwd, "data", "config.json"), "utf8"))).toMatchObject({
        server: { host: "0.0.0.0", port: 8080 },
        database: { type: "sqlite", path: "data/data.db" },
        log: { level: "info" },
      });
      expect(existsSync(join(cwd, "data", "data.db"))).toBe(true);
      expect(octopus.log.join("")).toContain("change it");
      expect(octopus.log.join("")).toContain(`panel: ${octopus.url}/`);
      const login = await fetch(`${octopus.url}/api/v1/user/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: "admin", password: "admin" }),
      });
      expect(login.status).toBe(200);
    } finally {
      expect(await octopus.stop()).toBe(0);
    }
    expect(octopus.log.join("")).toContain("stopped");
  });
});
