/**
 * Codex's Responses API over a WebSocket (`supports_websockets = true`), with the frames Codex
 * sends (openai/codex codex-rs/codex-api/src/common.rs `ResponseCreateWsRequest`, serialized with
 * `"type":"response.create"`; codex-rs/core/src/client.rs sends only the new items with
 * `previous_response_id` on later turns, and `generate: false` to warm up).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Format } from "../../src/protocols/ir";
import { until } from "../until";
import { groupFor, startStage, type Stage } from "./harness";

let stage: Stage;
beforeAll(async () => {
  stage = await startStage();
});
afterAll(() => stage.close());

const wsUrl = () => `${stage.octopus.url.replace(/^http/, "ws")}/v1/responses`;

/** A client connection that collects the frames of one turn, as Codex's `run_websocket_response_stream` reads them. */
async function connect(key = stage.key, headers: Record<string, string> = {}) {
  const socket = new WebSocket(wsUrl(), { headers: { authorization: `Bearer ${key}`, ...headers } } as unknown as string[]);
  const frames: any[] = [];
  let waiting: (() => void) | undefined;
  socket.onmessage = (e) => {
    frames.push(JSON.parse(String(e.data)));
    waiting?.();
  };
  const closed = new Promise<number>((resolve) => (socket.onclose = (e) => resolve(e.code)));
  await new Promise<void>((resolve, reject) => {
    socket.onopen = () => resolve();
    socket.onerror = () => reject(new Error("upgrade refused"));
  });
  /** Sends a frame and gathers what answers it, up to `response.completed` or an error. */
  const turn = async (frame: string | Uint8Array<ArrayBuffer> | Record<string, unknown>): Promise<any[]> => {
    frames.length = 0;
    socket.send(typeof frame === "string" || frame instanceof Uint8Array ? frame : JSON.stringify(frame));
    const ended = () => frames.some((f) => f.type === "response.completed" || f.type === "error" || f.type === "response.failed");
    while (!ended()) await new Promise<void>((resolve) => (waiting = resolve));
    return [...frames];
  };
  return { socket, turn, closed };
}

const userMessage = (text: string) => ({ type: "message", role: "user", content: [{ type: "input_text", text }] });

/** Codex's `response.create`: every field `ResponseCreateWsRequest` serializes. */
function responseCreate(model: string, input: unknown[], extra: Record<string, unknown> = {}) {
  return {
    type: "response.create",
    model,
    instructions: "You are Codex, a coding agent.",
    input,
    tools: [
      {
        type: "function",
        name: "get_weather",
        description: "Weather of a city",
        strict: false,
        parameters: { type: "object", properties: { city: { type: "string" }, unit: { type: "string" } }, required: ["city"] },
      },
    ],
    tool_choice: "auto",
    parallel_tool_calls: false,
    reasoning: null,
    store: false,
    stream: true,
    include: [],
    prompt_cache_key: "019a-codex-thread",
    client_metadata: { "x-codex-turn-metadata": "{}" },
    ...extra,
  };
}

const completedOf = (frames: any[]) => frames.find((f) => f.type === "response.completed")?.response;
const outputText = (frames: any[]) =>
  frames
    .filter((f) => f.type === "response.output_text.delta")
    .map((f) => f.delta)
    .join("");

const CHANNELS: Format[] = ["openai-chat", "anthropic", "openai-responses"];

describe("a tool-call round trip on one connection", () => {
  for (const format of CHANNELS) {
    test(`through a ${format} channel: the second turn sends only the tool result with previous_response_id`, async () => {
      const model = groupFor(format);
      const { socket, turn } = await connect(stage.key, { session_id: "019a-codex-thread" });
      const logged = stage.outcomes.length;
      const question = userMessage("What is the weather in Paris?");
      const first = await turn(responseCreate(model, [question]));
      expect(first[0].type).toBe("response.created");
      const call = first.find((f) => f.type === "response.output_item.done" && f.item.type === "function_call")?.item;
      expect(call.name).toBe("get_weather");
      expect(JSON.parse(call.arguments)).toEqual({ city: "Paris", unit: "celsius" });
      const firstId = completedOf(first).id;
      expect(firstId).toBeString();

      const result = { type: "function_call_output", call_id: call.call_id, output: "18°C, sunny" };
      const second = await turn(responseCreate(model, [result], { previous_response_id: firstId }));
      expect(outputText(second)).toBe("It is 18°C and sunny in Paris.");
      expect(completedOf(second).id).not.toBe(firstId);

      // The channel saw the whole conversation: the question, its tool call and the result.
      const seen = JSON.stringify(stage.mocks[format].calls.at(-1)!.body);
      expect(seen).toContain("What is the weather in Paris?");
      expect(seen).toContain(call.call_id);
      expect(seen).toContain("18°C, sunny");
      expect(seen).not.toContain("previous_response_id");
      expect(seen).not.toContain("client_metadata");
      // Accounted and logged as two Responses requests on this channel.
      await until(() => stage.outcomes.length === logged + 2, "the second turn's outcome");
      const turns = stage.outcomes.slice(logged);
      expect(turns.map((o) => [o.format, o.model, o.channelId, o.status])).toEqual([
        ["openai-responses", model, stage.channelIds[format], 200],
        ["openai-responses", model, stage.channelIds[format], 200],
      ]);
      expect(turns[1].usage.outputTokens).toBeGreaterThan(0);
      socket.close();
    });
  }

  test("a warm-up (generate: false) answers an empty response that the next turn continues", async () => {
    const model = groupFor("openai-chat");
    const { socket, turn } = await connect();
    const calls = stage.mocks["openai-chat"].calls.length;
    const warm = await turn(responseCreate(model, [userMessage("Weather in Paris?")], { generate: false }));
    expect(warm.map((f) => f.type)).toEqual(["response.created", "response.completed"]);
    expect(completedOf(warm).output).toEqual([]);
    expect(stage.mocks["openai-chat"].calls.length).toBe(calls);

    const next = await turn(responseCreate(model, [], { previous_response_id: completedOf(warm).id }));
    expect(next.some((f) => f.type === "response.output_item.done" && f.item.name === "get_weather")).toBe(true);
    expect(JSON.stringify(stage.mocks["openai-chat"].calls.at(-1)!.body)).toContain("Weather in Paris?");
    socket.close();
  });

  test("response.processed is an acknowledgement: nothing answers it and the next turn proceeds", async () => {
    const { socket, turn } = await connect();
    const first = await turn(responseCreate(groupFor("openai-chat"), [userMessage("hi")]));
    socket.send(JSON.stringify({ type: "response.processed", response_id: completedOf(first).id }));
    const second = await turn(responseCreate(groupFor("openai-chat"), [userMessage("again")], { previous_response_id: completedOf(first).id }));
    expect(second[0].type).toBe("response.created");
    socket.close();
  });
});

test("response.append (earlier Codex versions) continues the last turn with the same fields", async () => {
  const { socket, turn } = await connect();
  const first = await turn(responseCreate(groupFor("anthropic"), [userMessage("Weather in Paris?")]));
  const call = first.find((f) => f.type === "response.output_item.done").item;
  const second = await turn({ type: "response.append", input: [{ type: "function_call_output", call_id: call.call_id, output: "18°C" }] });
  expect(outputText(second)).toBe("It is 18°C and sunny in Paris.");
  expect(JSON.stringify(stage.mocks.anthropic.calls.at(-1)!.body)).toContain("Weather in Paris?");
  socket.close();
});

describe("errors as Codex reads them", () => {
  test("an unknown previous_response_id is OpenAI's previous_response_not_found; the connection stays usable", async () => {
    const { socket, turn } = await connect();
    const [error] = await turn(responseCreate(groupFor("openai-chat"), [], { previous_response_id: "resp_elsewhere" }));
    expect(error).toMatchObject({ type: "error", status: 400, error: { code: "previous_response_not_found", param: "previous_response_id" } });
    const retried = await turn(responseCreate(groupFor("openai-chat"), [userMessage("hi")]));
    expect(completedOf(retried).id).toBeString();
    socket.close();
  });

  test("bad frames get an error frame each, in the OpenAI error shape", async () => {
    const { socket, turn } = await connect();
    for (const frame of ["not json", "42", JSON.stringify({ type: "response.nope" }), new Uint8Array([1, 2, 3])]) {
      const [error] = await turn(frame);
      expect(error.type).toBe("error");
      expect(error.status).toBe(400);
      expect(error.error.type).toBe("invalid_request_error");
      expect(error.error.message).toBeString();
    }
    const [noModel] = await turn({ type: "response.create", input: [userMessage("hi")] });
    expect(noModel).toMatchObject({ type: "error", status: 400, error: { message: "model is required" } });
    const [unknown] = await turn(responseCreate("no-such-group", [userMessage("hi")]));
    expect(unknown).toMatchObject({ type: "error", status: 404 });
    socket.close();
  });

  test("an upstream 429 reaches Codex as an error frame with its status and retry-after", async () => {
    const { socket, turn } = await connect();
    stage.mocks["openai-chat"].fault({ kind: "status", status: 429, retryAfter: 7 });
    const [error] = await turn(responseCreate(groupFor("openai-chat"), [userMessage("hi")]));
    stage.clearFaults();
    expect(error).toMatchObject({ type: "error", status: 429, headers: { "retry-after": "7" } });
    socket.close();
  });

  /** The upgrade request as Codex's tungstenite sends it, over a raw socket, to read the HTTP answer. */
  async function upgrade(authorization?: string) {
    const { hostname, port } = new URL(stage.octopus.url);
    let text = "";
    const done = Promise.withResolvers<void>();
    // Complete: the switch to WebSocket, or an error whose JSON body has arrived.
    const complete = () => text.startsWith("HTTP/1.1 101") || text.endsWith("}");
    const socket = await Bun.connect({
      hostname,
      port: Number(port),
      socket: { data: (_s, chunk) => void ((text += chunk.toString()), complete() && done.resolve()) },
    });
    socket.write(
      [
        "GET /v1/responses HTTP/1.1",
        `Host: ${hostname}:${port}`,
        "Connection: Upgrade",
        "Upgrade: websocket",
        "Sec-WebSocket-Version: 13",
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
        ...(authorization ? [`Authorization: ${authorization}`] : []),
        "",
        "",
      ].join("\r\n"),
    );
    await Promise.race([done.promise, Bun.sleep(2000)]);
    socket.end();
    return text;
  }

  test("a bad or missing key refuses the upgrade with OpenAI's 401", async () => {
    for (const authorization of ["Bearer sk-wrong", undefined]) {
      const answer = await upgrade(authorization);
      expect(answer).toStartWith("HTTP/1.1 401");
      expect(JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4)).error.code).toBe("invalid_api_key");
    }
    expect(await upgrade(`Bearer ${stage.key}`)).toStartWith("HTTP/1.1 101");
  });

  test("POST /v1/responses is unchanged and a plain GET is still OpenAI's 404", async () => {
    const get = await fetch(`${stage.octopus.url}/v1/responses`, { headers: { authorization: `Bearer ${stage.key}` } });
    expect(get.status).toBe(404);
    const post = await fetch(`${stage.octopus.url}/v1/responses`, {
      method: "POST",
      headers: { authorization: `Bearer ${stage.key}`, "content-type": "application/json" },
      body: JSON.stringify({ model: groupFor("openai-responses"), input: "hi" }),
    });
    expect((await post.json()).status).toBe("completed");
  });
});

test("shutdown closes an idle connection at once (1001) instead of waiting for it", async () => {
  const { closed } = await connect();
  const started = Date.now();
  await stage.octopus.octopus.stop();
  expect(await closed).toBe(1001);
  expect(Date.now() - started).toBeLessThan(2000);
});
