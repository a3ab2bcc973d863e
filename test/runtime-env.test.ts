/**
 * Bun's fetch holds back requests past 256 at once unless the process started with
 * BUN_CONFIG_MAX_HTTP_REQUESTS: `octopus start` without it sets it and replaces itself, so a
 * user's Octopus relays far more concurrent streams than that. A runtime variable the operator
 * set (here the heap growth) is kept as given.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FETCH_LIMIT } from "../src/runtime-env";
import { configureChat, spawnOctopus, type OctopusProcess } from "./process";

const STREAMS = 300;
const OPERATOR_GROWTH = "1.5";
let open = 0;
let peak = 0;
let release!: () => void;
const released = new Promise<void>((resolve) => (release = resolve));
const encoder = new TextEncoder();
const chunk = (delta: object, finish: string | null) =>
  encoder.encode(`data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", created: 1, model: "m", choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`);

/** An OpenAI chat upstream whose streams open with a word, then wait until released. */
const upstream = Bun.serve({
  port: 0,
  hostname: "127.0.0.1",
  async fetch(request) {
    await request.text();
    open++;
    peak = Math.max(peak, open);
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(chunk({ role: "assistant", content: "hi" }, null));
        await released;
        controller.enqueue(chunk({}, "stop"));
        controller.enqueue(encoder.encode("data: [DONE]\n\n"));
        controller.close();
        open--;
      },
    });
    return new Response(body, { headers: { "content-type": "text/event-stream" } });
  },
});

let octopus: OctopusProcess;
beforeAll(async () => {
  octopus = await spawnOctopus(mkdtempSync(join(tmpdir(), "octopus-runtime-env-")), {
    BUN_CONFIG_MAX_HTTP_REQUESTS: undefined,
    BUN_JSC_heapGrowthMaxIncrease: OPERATOR_GROWTH,
  });
});
afterAll(async () => {
  release();
  await octopus.stop();
  upstream.stop(true);
});

/** Opens a streamed chat request on its own socket (the test's own fetch has Bun's limit) and counts the bytes that come back. */
function openStream(key: string, received: number[], i: number) {
  const body = JSON.stringify({ model: "chat", stream: true, messages: [{ role: "user", content: "hi" }] });
  const url = new URL(octopus.url);
  return Bun.connect({
    hostname: url.hostname,
    port: Number(url.port),
    socket: {
      open(socket) {
        socket.write(
          `POST /v1/chat/completions HTTP/1.1\r\nhost: ${url.host}\r\nauthorization: Bearer ${key}\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body}`,
        );
      },
      data(_, data) {
        received[i] += data.length;
      },
    },
  });
}

test(`started without BUN_CONFIG_MAX_HTTP_REQUESTS, it relays ${STREAMS} streams at once, all flowing`, async () => {
  const { key } = await configureChat(octopus, `http://127.0.0.1:${upstream.port}/v1`, "sk-held", "m");

  const received = Array<number>(STREAMS).fill(0);
  const sockets = await Promise.all(Array.from({ length: STREAMS }, (_, i) => openStream(key, received, i)));
  for (let waited = 0; peak < STREAMS && waited < 20_000; waited += 50) await Bun.sleep(50);
  expect(peak).toBe(STREAMS);
  // Every client already has the opening word, not just the first 256.
  for (let waited = 0; received.some((n) => n === 0) && waited < 5000; waited += 50) await Bun.sleep(50);
  expect(received.filter((n) => n > 0).length).toBe(STREAMS);
  // The same process, now with the variable in the environment it was started with, and the operator's own kept.
  if (existsSync(`/proc/${octopus.pid}/environ`)) {
    const environ = readFileSync(`/proc/${octopus.pid}/environ`, "utf8").split("\0");
    expect(environ).toContain(`BUN_CONFIG_MAX_HTTP_REQUESTS=${FETCH_LIMIT}`);
    expect(environ.filter((entry) => entry.startsWith("BUN_JSC_heapGrowthMaxIncrease="))).toEqual([`BUN_JSC_heapGrowthMaxIncrease=${OPERATOR_GROWTH}`]);
  }
  release();
  for (const socket of sockets) socket.end();
});
