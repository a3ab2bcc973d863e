import { describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, configTable, defaultConfig, envName, loadConfig } from ".";

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
      ampcode: { enabled: false, upstream_url: "https://ampcode.com", upstream_api_key: "", restrict_management_to_localhost: false },
      antigravity: {
        oauth_token_url: "https://oauth2.googleapis.com/token",
        client_id: "1071006060591-tmhssin2h21lcre235vtolojh4g403ep.apps.googleusercontent.com",
        client_secret: "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",
      },
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
    const amp = loadConfig(path, {
      OCTOPUS_AMPCODE_ENABLED: "true",
      OCTOPUS_AMPCODE_UPSTREAM_URL: "http://127.0.0.1:9/amp",
      OCTOPUS_AMPCODE_UPSTREAM_API_KEY: "sgamp_user_from_env",
      OCTOPUS_AMPCODE_RESTRICT_MANAGEMENT_TO_LOCALHOST: "true",
    }).config.ampcode;
    expect(amp).toEqual({ enabled: true, upstream_url: "http://127.0.0.1:9/amp", upstream_api_key: "sgamp_user_from_env", restrict_management_to_localhost: true });
  });

  test("bad values name their key and source; the file is never rewritten", () => {
    const path = tempPath();
    loadConfig(path, {});
    const cases: [Record<string, unknown> | string, Record<string, string>, string][] = [
      [{ server: { port: 99999 } }, {}, "server.port"],
      [{ server: { port: "80" } }, {}, "server.port"],
      [{ database: { type: "oracle" } }, {}, "database.type"],
      [{}, { OCTOPUS_DATABASE_TYPE: "oracle" }, 'database.type (OCTOPUS_DATABASE_TYPE) must be one of sqlite, mysql, postgres, got "oracle"'],
      [{}, { OCTOPUS_SERVER_PORT: "eighty" }, 'config: server.port (OCTOPUS_SERVER_PORT) must be an integer from 0 to 65535, got "eighty"'],
      [{}, { OCTOPUS_SERVER_SHUTDOWN_TIMEOUT: "1.5" }, 'server.shutdown_timeout (OCTOPUS_SERVER_SHUTDOWN_TIMEOUT) must be an integer from 0 to 600, got "1.5"'],
      [{ relay: { max_body_size: 10 } }, {}, "relay.max_body_size (PATH) must be an integer from 1024 to 1073741824, got 10"],
      [{}, { OCTOPUS_SERVER_REUSE_PORT: "yes" }, 'server.reuse_port (OCTOPUS_SERVER_REUSE_PORT) must be true or false, got "yes"'],
      [{ server: { prot: 8080 } }, {}, "config: server.prot (PATH) is not a known key; server has host, port, instance, shutdown_timeout, reuse_port, cors_origins"],
      [{ sever: { port: 8080 } }, {}, "config: sever (PATH) is not a known key; the sections are server, database, log, relay, ampcode"],
      [{}, { OCTOPUS_AMPCODE_UPSTREAM_URL: "ampcode.com" }, 'ampcode.upstream_url (OCTOPUS_AMPCODE_UPSTREAM_URL) must be an http or https URL without query (https://ampcode.com), got "ampcode.com"'],
      [{ ampcode: { enabled: "yes" } }, {}, "ampcode.enabled"],
      [{ log: "debug" }, {}, 'config: log (PATH) must be an object, got "debug"'],
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
      expect(() => loadConfig(path, env)).toThrow(expected.replace("PATH", path));
      expect(readFileSync(path, "utf8")).toBe(text);
    }
  });

  test("a section or key missing from the file takes its default", () => {
    const path = tempPath();
    loadConfig(path, {});
    writeFileSync(path, JSON.stringify({ server: { port: 9000 } }));
    const { config } = loadConfig(path, {});
    expect(config).toEqual({ ...defaultConfig(), server: { ...defaultConfig().server, port: 9000 } });
  });

  test("README's table of keys is the one the schema gives", () => {
    const readme = readFileSync(join(import.meta.dir, "../../README.md"), "utf8");
    const table = readme.slice(readme.indexOf("| key | environment variable |")).split("\n\n")[0];
    expect(table).toBe(configTable());
  });
});
