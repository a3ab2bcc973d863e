/**
 * A real Octopus process stopped while streams are still open: past `shutdown_timeout` each
 * client is sent an error event in its own format before its stream ends cleanly, and the
 * request log says the server was shutting down (not that the client left).
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { openDatabase } from "../../src/db/connection";
import { createStores } from "../../src/db/stores";
import { fromSSEText } from "../golden";
import { configureChat, spawnOctopus } from "../process";
import { CLIENT_PATH, minimalRequest } from "./harness";

/** An OpenAI chat upstream that sends one chunk, then holds the stream open until it is aborted. */
let upstream: ReturnType<typeof Bun.serve>;
beforeAll(() => {
  const chunk = `data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"up","choices":[{"index":0,"delta":{"role":"assistant","content":"Hel"},"finish_reason":null}]}\n\n`;
  upstream = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    idleTimeout: 0,
    fetch: (request) =>
      new Response(
        new ReadableStream({
          async start(controller) {
            controller.enqueue(new TextEncoder().encode(chunk));
            await new Promise((resolve) => request.signal.addEventListener("abort", resolve));
          },
        }),
        { headers: { "content-type": "text/event-stream" } },
      ),
  });
});
afterAll(() => upstream.stop(true));

test("SIGTERM past shutdown_timeout: every open stream gets an error event in its format, logged as 503", async () => {
  const cwd = mkdtempSync(join(tmpdir(), "octopus-shutdown-"));
  const octopus = await spawnOctopus(cwd, { OCTOPUS_SERVER_SHUTDOWN_TIMEOUT: "1" });
  const { key } = await configureChat(octopus, `http://127.0.0.1:${upstream.port}/v1`, "sk-held");

  const openai = new OpenAI({ baseURL: `${octopus.url}/v1`, apiKey: key, maxRetries: 0 });
  const chat = (await openai.chat.completions.create({ model: "chat", stream: true, messages: [{ role: "user", content: "hi" }] }))[Symbol.asyncIterator]();
  expect((await chat.next()).value.choices[0].delta.content).toBe("Hel");

  const anthropic = new Anthropic({ baseURL: octopus.url, apiKey: key, maxRetries: 0 });
  const messages = (await anthropic.messages.create({ model: "chat", max_tokens: 50, stream: true, messages: [{ role: "user", content: "hi" }] }))[Symbol.asyncIterator]();
  const first: string[] = [];
  for (let next = await messages.next(); !next.done; next = await messages.next()) {
    first.push(next.value.type);
    if (next.value.type === "content_block_delta") break;
  }
  expect(first).toContain("content_block_delta");

  // Responses and Gemini clients read raw: the whole body, to its last event.
  const raw = (["openai-responses", "gemini"] as const).map(async (format) => {
    const response = await fetch(octopus.url + CLIENT_PATH[format]("chat", true), {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}`, "x-goog-api-key": key },
      body: JSON.stringify(minimalRequest(format, "chat", true)),
    });
    expect(response.status).toBe(200);
    return fromSSEText(await response.text()).at(-1) as { event?: string; data: any };
  });
  await Bun.sleep(200);

  const exited = octopus.stop();
  await expect(chat.next()).rejects.toThrow(/server shutting down/);
  await expect(messages.next()).rejects.toThrow(/server shutting down/);
  const [responsesEnd, geminiEnd] = await Promise.all(raw);
  expect(responsesEnd.data.type).toBe("response.failed");
  expect(JSON.stringify(responsesEnd.data)).toContain("server shutting down");
  expect(geminiEnd.data.error).toMatchObject({ code: 503, message: "server shutting down" });
  expect(await exited).toBe(0);

  const db = await openDatabase({ type: "sqlite", path: join(cwd, "data", "data.db") });
  try {
    const { items } = await createStores(db).logs.list({}, 1, 10);
    expect(items.map((r) => [r.format, r.status, r.error]).sort()).toEqual([
      ["anthropic", 503, "server shutting down"],
      ["gemini", 503, "server shutting down"],
      ["openai-chat", 503, "server shutting down"],
      ["openai-responses", 503, "server shutting down"],
    ]);
  } finally {
    await db.close();
  }
});
