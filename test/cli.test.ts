/** The command line as a user runs it: a real process, real signals, a real SQLite file. */
import { describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { version } from "../package.json";
import { adminCall, MAIN, spawnOctopus } from "./process";


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
    // From source: no commit or build date was built in (test/binary.test.ts checks a build's).
    const platform = `${process.platform === "win32" ? "windows" : process.platform}-${process.arch}`;
    expect(run(["version"])).toMatchObject({
      code: 0,
      stdout: `octopus ${version} (run from source, ${platform})\n`,
    });
    const help = run(["help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("octopus start [--config PATH]");
  });

  test("unknown commands and flags print usage on stderr and exit 2", () => {
    const cases: [string[], string][] = [
      [[], "missing command"],
      [["serve"], 'unknown command "serve"'],
      [["start", "--port", "1"], "Unknown option '--port'"],
      [["start", "--config"], "Option '-c, --config <value>' argument missing"],
      [["start", "extra"], "Unexpected argument 'extra'"],
      [["version", "extra"], "Unexpected argument 'extra'"],
      [["version", "--json"], "Unknown option '--json'"],
      [["secret"], "usage: octopus secret rotate [--config PATH]"],
      [["secret", "rotate", "--replace"], "Unknown option '--replace'"],
      [["backup", "export"], "usage: octopus backup export FILE [--secrets] [--include stats,logs] [--config PATH]"],
      [["backup", "export", "a.json", "b.json"], "usage: octopus backup export FILE [--secrets] [--include stats,logs] [--config PATH]"],
      [["backup", "import", "a.json", "--secrets"], "Unknown option '--secrets'"],
      [["backup", "export", "a.json", "--secrets=yes"], "Option '--secrets' does not take an argument"],
      [["backup", "restore", "a.json"], "usage: octopus backup export|import FILE"],
    ];
    for (const [args, message] of cases) {
      const result = run(args);
      expect({ args, code: result.code, first: result.stderr.split("\n")[0] }).toEqual({ args, code: 2, first: `octopus: ${message}` });
      expect(result.stderr).toContain("Usage:");
      expect(result.stdout).toBe("");
    }
  });

  test("a bad configuration stops start-up with one line naming the key, and the file stays", () => {
    const dir = mkdtempSync(join(tmpdir(), "octopus-cli-"));
    const path = join(dir, "config.json");
    writeFileSync(path, JSON.stringify({ server: { port: 99999 } }));
    for (const args of [["--config", path], [`--config=${path}`], ["-c", path]]) {
      const bad = run(["start", ...args]);
      expect(bad.code).toBe(1);
      expect(bad.stderr.trim().split("\n")).toHaveLength(1);
      expect(bad.stderr).toContain(`server.port (${path}) must be an integer from 0 to 65535, got 99999`);
    }
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

  test("a SIGTERM the moment the panel line is printed still stops it cleanly", async () => {
    // The line is printed while start-up finishes; a supervisor may signal at once.
    for (let i = 0; i < 3; i++) {
      const octopus = await spawnOctopus(mkdtempSync(join(tmpdir(), "octopus-cli-")));
      expect(await octopus.stop()).toBe(0);
      expect(octopus.log.join("")).toContain("stopped");
    }
  });

  test("the default password is warned about, and flagged by user/info, on every start until it is changed", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "octopus-cli-"));
    for (const start of [1, 2, 3]) {
      const octopus = await spawnOctopus(cwd);
      const password = start === 3 ? "long-enough-1" : "admin";
      const { token } = await adminCall(octopus.url, "/api/v1/user/login", { username: "admin", password });
      const { default_password } = await adminCall(octopus.url, "/api/v1/user/info", undefined, token);
      const warned = octopus.log.join("").includes('the user "admin" still has the default password');
      expect({ start, warned, default_password }).toEqual({ start, warned: start < 3, default_password: start < 3 });
      if (start === 2) await adminCall(octopus.url, "/api/v1/user/change-password", { old_password: "admin", new_password: "long-enough-1" }, token);
      expect(await octopus.stop()).toBe(0);
    }
  });

  test("a port in use stops start-up with one line naming it, unless both share it by server.reuse_port", async () => {
    const first = await spawnOctopus(mkdtempSync(join(tmpdir(), "octopus-cli-")), { OCTOPUS_SERVER_REUSE_PORT: "true" });
    try {
      const port = new URL(first.url).port;
      const env = { OCTOPUS_SERVER_HOST: "127.0.0.1", OCTOPUS_SERVER_PORT: port, OCTOPUS_SETTING_MODEL_INFO_URL: "" };
      const refused = run(["start"], { cwd: mkdtempSync(join(tmpdir(), "octopus-cli-")), env });
      expect(refused.code).toBe(1);
      const lines = refused.stderr.trim().split("\n");
      expect(lines.at(-1)).toStartWith(`octopus: port ${port} is already in use; `);
      expect(lines.filter((l) => l.includes("already in use"))).toHaveLength(1);

      const sharing = await spawnOctopus(mkdtempSync(join(tmpdir(), "octopus-cli-")), { ...env, OCTOPUS_SERVER_REUSE_PORT: "true" });
      expect(sharing.url).toBe(first.url);
      expect((await fetch(`${sharing.url}/api/v1/user/info`)).status).toBe(401);
      expect(await sharing.stop()).toBe(0);
    } finally {
      expect(await first.stop()).toBe(0);
    }
  });
});
