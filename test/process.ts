/** Octopus as a user runs it: `bun src/main.ts start` in a child process, stopped with a signal. */
import { join } from "node:path";

export const MAIN = join(import.meta.dir, "..", "src", "main.ts");

export interface OctopusProcess {
  url: string;
  pid: number;
  /** Everything it wrote to stderr so far. */
  log: string[];
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number>;
  /** Sends SIGKILL (a crash: no shutdown step runs) and resolves when the process is gone. */
  kill(): Promise<number>;
}

/** Reads stderr until the "panel:" line (the last of start-up) and returns the port it names. */
async function waitForPort(stderr: ReadableStream<Uint8Array>, seen: string[]): Promise<number> {
  const decoder = new TextDecoder();
  const reader = stderr.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`exited before listening:\n${seen.join("")}`);
    seen.push(decoder.decode(value));
    const match = /panel: http:\/\/[^ ]+:(\d+)\//.exec(seen.join(""));
    if (match) {
      // Keep draining so the child never blocks on a full pipe.
      void (async () => {
        for (;;) {
          const next = await reader.read();
          if (next.done) break;
          seen.push(decoder.decode(next.value));
        }
      })();
      return Number(match[1]);
    }
  }
}

/**
 * `env` adds to the test's environment; a variable given as undefined is left out. `program` is
 * what runs `start`: the sources with this Bun, or a built binary.
 */
export async function spawnOctopus(
  cwd: string,
  env: Record<string, string | undefined> = {},
  args: string[] = [],
  program = [process.execPath, MAIN],
): Promise<OctopusProcess> {
  // A built binary knows its release repository: its update check stays on loopback too.
  const merged = { ...process.env, OCTOPUS_SERVER_PORT: "0", OCTOPUS_SERVER_HOST: "127.0.0.1", OCTOPUS_SETTING_MODEL_INFO_URL: "", OCTOPUS_SETTING_UPDATE_CHECK_URL: "", ...env };
  const child = Bun.spawn([...program, "start", ...args], {
    cwd,
    env: Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined)) as Record<string, string>,
    stdout: "ignore",
    stderr: "pipe",
  });
  const log: string[] = [];
  let port: number;
  try {
    port = await waitForPort(child.stderr, log);
  } catch (e) {
    child.kill("SIGKILL");
    throw e;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid,
    log,
    async stop() {
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 20_000);
      const code = await child.exited;
      clearTimeout(killer);
      return code;
    },
    kill() {
      child.kill("SIGKILL");
      return child.exited;
    },
  };
}

/** One admin API call: GET without a body, POST with one; throws on any status but 2xx. */
export async function adminCall(url: string, path: string, body?: unknown, token?: string) {
  const response = await fetch(url + path, {
    method: body === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json", ...(token && { authorization: `Bearer ${token}` }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

/**
 * Signs in as the default admin and adds an OpenAI chat channel to `upstream` (its base URL, with
 * /v1) serving `model`, a failover group "chat" over it, and a client key.
 */
export async function configureChat(o: OctopusProcess, upstream: string, upstreamKey: string, model = "gpt-4o-mini") {
  const { token } = await adminCall(o.url, "/api/v1/user/login", { username: "admin", password: "admin" });
  const channel = await adminCall(o.url, "/api/v1/channel/create", { name: "mock", type: "openai-chat", base_urls: [{ url: upstream }], keys: [{ key: upstreamKey }], models: [model] }, token);
  await adminCall(o.url, "/api/v1/group/create", { name: "chat", mode: "failover", items: [{ channel_id: channel.id, model }] }, token);
  const { key } = await adminCall(o.url, "/api/v1/apikey/create", { name: "test" }, token);
  return { token, key: key as string };
}
