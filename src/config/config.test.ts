import { describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, defaultConfig, envName, loadConfig } from ".";

const tempPath = () => join(mkdtempSync(join(tmpdir(), "octopus-config-")), "nested", "config.json");

describe("config", () => {
  test("the first load writes the defaults and reports it", () => {
    const path = tempPath();
    const { config, created } = loadConfig(path, {});
    expect(created).toBe(true);
    expect(config).toEqual({
      server: { host: "0.0.0.0", port: 8080, instance: "", shutdown_timeout: 10, reuse_port: false, cors_origins: "" },
      database: { type: "sqlite", path: "data/data.db" },
      log: { level: "info" },
      relay: { max_body_size: 33554432, max_sse_event_size: 8388608 },
    });
    expect(JSON.parse(readFileSync(path, "utf8"))).toEqual(defaultConfig());
    expect(loadConfig(path, {}).created).toBe(false);
  });

  test("environment variables win over the file, typed like the key", () => {
    const path = tempPath();
    loadConfig(path, {});
    writeFileSync(path, JSON.stringify({ server: { port: 9000 }, log: { level: "debug" }, database: { type: "postgres", path: "postgresql://db/x" } }));
    const { config } = loadConfig(path, { OCTOPUS_SERVER_PORT: "9100", OCTOPUS_LOG_LEVEL: "warn" });
    expect(config.server.port).toBe(9100);
    expect(config.log.level).toBe("warn");
    expect(config.database).toEqual({ type: "postgres", path: "postgresql://db/x" });
    expect(config.server.host).toBe("0.0.0.0");
    expect(envName("relay.max_sse_event_size")).toBe("OCTOPUS_RELAY_MAX_SSE_EVENT_SIZE");
    const origins = loadConfig(path, { OCTOPUS_SERVER_CORS_ORIGINS: "https://panel.example, http://localhost:5173", OCTOPUS_SERVER_REUSE_PORT: "true" }).config.server;
    expect(origins).toMatchObject({ cors_origins: "https://panel.example, http://localhost:5173", reuse_port: true });
  });

  test("bad values name their key and source; the file is never rewritten", () => {
    const path = tempPath();
    loadConfig(path, {});
    const cases: [Record<string, unknown> | string, Record<string, string>, string][] = [
      [{ server: { port: 99999 } }, {}, "server.port"],
      [{ server: { port: "80" } }, {}, "server.port"],
      [{ database: { type: "oracle" } }, {}, "database.type"],
      [{}, { OCTOPUS_DATABASE_TYPE: "oracle" }, "database.type (OCTOPUS_DATABASE_TYPE)"],
      [{}, { OCTOPUS_SERVER_PORT: "eighty" }, "server.port (OCTOPUS_SERVER_PORT)"],
      [{ log: { level: "loud" } }, {}, "log.level"],
      [{ server: { reuse_port: "yes" } }, {}, "server.reuse_port"],
      [{}, { OCTOPUS_SERVER_CORS_ORIGINS: "https://ok.example, panel.example" }, 'server.cors_origins (OCTOPUS_SERVER_CORS_ORIGINS) lists "panel.example", which is not an origin'],
      [{ server: { cors_origins: "https://ok.example/admin" } }, {}, "server.cors_origins"],
      ["{ not json", {}, "not valid JSON"],
      ["[1,2]", {}, "must hold a JSON object"],
    ];
    for (const [content, env, expected] of cases) {
      const text = typeof content === "string" ? content : JSON.stringify(content);
      writeFileSync(path, text);
      expect(() => loadConfig(path, env)).toThrow(ConfigError);
      expect(() => loadConfig(path, env)).toThrow(expected);
      expect(readFileSync(path, "utf8")).toBe(text);
    }
  });
});
