/**
 * Octopus as a user runs it (`src/main.ts start`, SQLite in a temp folder), configured through
 * its admin API: OpenAI chat channels (plain, paced, slow) and an Anthropic channel to the mock
 * upstream, a group per model, an API key; request logging on (the default) and stats (always on).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DatabaseConfig } from "../src/db/connection";
import { CHAT_MODEL, MESSAGES_MODEL, PACED_CHAT_MODEL, SLOW_CHAT_MODEL } from "./models";
import { freePort, ROOT, stopProcess, waitForHttp, type Target } from "./processes";

export interface Octopus extends Target {
  /** The client API key created for the benchmark. */
  apiKey: string;
  /** An admin token, for the admin API. */
  token: string;
  /** Its database. */
  database: DatabaseConfig;
}

async function call(url: string, path: string, token: string | undefined, body: unknown) {
  const response = await fetch(url + path, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token && { authorization: `Bearer ${token}` }) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`admin ${path}: ${response.status} ${text}`);
  return JSON.parse(text);
}

async function configure(url: string, upstream: string): Promise<{ key: string; token: string }> {
  const { token } = await call(url, "/api/v1/user/login", undefined, { username: "admin", password: "admin" });
  const channel = (name: string, type: string, base: string, model: string) =>
    call(url, "/api/v1/channel/create", token, { name, type, enabled: true, base_urls: [{ url: base }], keys: [{ key: "sk-bench-upstream" }], models: [model] });
  const group = (model: string, channelId: number) =>
    call(url, "/api/v1/group/create", token, { name: model, mode: "failover", items: [{ channel_id: channelId, model }] });
  const openai = await channel("bench-openai", "openai-chat", `${upstream}/v1`, CHAT_MODEL);
  const anthropic = await channel("bench-anthropic", "anthropic", `${upstream}/v1`, MESSAGES_MODEL);
  const paced = await channel("bench-openai-paced", "openai-chat", `${upstream}/paced/v1`, PACED_CHAT_MODEL);
  const slow = await channel("bench-openai-slow", "openai-chat", `${upstream}/slow/v1`, SLOW_CHAT_MODEL);
  await group(CHAT_MODEL, openai.id);
  await group(MESSAGES_MODEL, anthropic.id);
  await group(PACED_CHAT_MODEL, paced.id);
  await group(SLOW_CHAT_MODEL, slow.id);
  await call(url, "/api/v1/setting/set", token, { key: "relay_log_enabled", value: true });
  const { key } = await call(url, "/api/v1/apikey/create", token, { name: "bench" });
  return { key, token };
}

export interface StartOptions {
  /** What runs `start --config …`: by default this checkout's source on this Bun. */
  command?: string[];
  /** Added to the environment, e.g. BUN_JSC_* options. */
  env?: Record<string, string>;
}

/** This checkout's Octopus from source, as `bun src/main.ts` runs it. */
export const sourceCommand = (root = ROOT) => [process.execPath, join(root, "src", "main.ts")];

/** Octopus on `database`, by default an SQLite file in its temp folder. */
export async function startOctopus(upstream: string, database?: DatabaseConfig, options: StartOptions = {}): Promise<Octopus> {
  const dir = mkdtempSync(join(tmpdir(), "octopus-bench-"));
  const db = database ?? { type: "sqlite", path: join(dir, "data.db") };
  const port = freePort();
  const proc = Bun.spawn([...(options.command ?? sourceCommand()), "start", "--config", join(dir, "config.json")], {
    cwd: dir,
    env: {
      ...process.env,
      OCTOPUS_SERVER_HOST: "127.0.0.1",
      OCTOPUS_SERVER_PORT: String(port),
      OCTOPUS_DATABASE_TYPE: db.type,
      OCTOPUS_DATABASE_PATH: db.path,
      OCTOPUS_LOG_LEVEL: "warn",
      // The benchmark stays on loopback: no price catalog sync.
      OCTOPUS_SETTING_MODEL_INFO_URL: "",
      OCTOPUS_SETTING_UPDATE_CHECK_URL: "",
      ...options.env,
    },
    stdout: "ignore",
    stderr: "pipe",
  });
  const stderr = new Response(proc.stderr).text();
  const stop = async () => {
    await stopProcess(proc);
    rmSync(dir, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/api/v1/user/info`, 20_000, () => proc.exitCode);
    const { key, token } = await configure(url, upstream);
    return { url, pid: proc.pid, apiKey: key, token, database: db, stop };
  } catch (e) {
    await stop();
    throw new Error(`octopus: ${(e as Error).message}\n${await stderr}`);
  }
}
