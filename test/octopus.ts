/** Starts Octopus in-process on a loopback port with its own data folder, and talks to it over HTTP. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startOctopus, type Octopus } from "../src/app";
import type { Clock } from "../src/clock";
import type { DatabaseConfig } from "../src/db/connection";

export interface TestOctopus {
  octopus: Octopus;
  dir: string;
  url: string;
  /** JSON request to the admin API; returns status, parsed body and headers. */
  api(method: string, path: string, options?: { body?: unknown; token?: string; headers?: Record<string, string> }): Promise<{ status: number; body: any; headers: Headers }>;
  /** Signs in as admin and returns the token. */
  login(password?: string): Promise<string>;
  close(): Promise<void>;
}

export async function startTestOctopus(options: { database?: DatabaseConfig; env?: Record<string, string>; clock?: Clock } = {}): Promise<TestOctopus> {
  const dir = mkdtempSync(join(tmpdir(), "octopus-e2e-"));
  const env: Record<string, string> = {
    OCTOPUS_SERVER_HOST: "127.0.0.1",
    OCTOPUS_SERVER_PORT: "0",
    OCTOPUS_DATABASE_TYPE: options.database?.type ?? "sqlite",
    OCTOPUS_DATABASE_PATH: options.database?.path ?? join(dir, "data.db"),
    OCTOPUS_LOG_LEVEL: "error",
    // Tests never reach models.dev: the bundled catalog serves them unless a test sets a URL.
    OCTOPUS_SETTING_MODEL_INFO_URL: "",
    ...options.env,
  };
  const octopus = await startOctopus({ configPath: join(dir, "config.json"), env, clock: options.clock });
  const url = octopus.url.replace("localhost", "127.0.0.1");
  const api: TestOctopus["api"] = async (method, path, { body, token, headers = {} } = {}) => {
    const response = await fetch(url + path, {
      method,
      headers: {
        ...(body !== undefined && { "content-type": "application/json" }),
        ...(token && { authorization: `Bearer ${token}` }),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {}
    return { status: response.status, body: parsed, headers: response.headers };
  };
  return {
    octopus,
    dir,
    url,
    api,
    async login(password = "admin") {
      const { status, body } = await api("POST", "/api/v1/user/login", { body: { username: "admin", password } });
      if (status !== 200) throw new Error(`login failed: ${status} ${JSON.stringify(body)}`);
      return body.token;
    },
    async close() {
      await octopus.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
