/** Streams that go wrong upstream end well-formed for the client; a client that leaves stops the upstream. */
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { fastClock } from "../clock";
import { fromSSEText } from "../golden";
import { until } from "../until";
import { addRawUpstream, post, minimalRequest, startStage, type Stage } from "./harness";

let stage: Stage;
// The relay's timeouts at twenty times the real pace: a group's 1 s fires after 50 ms.
const clock = fastClock(20);
beforeAll(async () => {
  stage = await startStage({ OCTOPUS_RELAY_MAX_SSE_EVENT_SIZE: "4096" }, undefined, clock);
});
afterAll(() => stage.close());
afterEach(() => stage.clearFaults());

const encoder = new TextEncoder();
const chunk = (content: string) =>
  `data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"up","choices":[{"index":0,"delta":{"content":${JSON.stringify(content)}},"finish_reason":null}]}\n\n`;

/** An OpenAI-chat upstream that writes `parts` (a string, or a pause in ms), then ends or hangs. */
function script(parts: (string | number)[], then: "end" | "hang" = "end", aborted?: { value: boolean }) {
  return (request: Request) => {
    request.signal.addEventListener("abort", () => aborted && (aborted.value = true));
    const queue = [...parts];
    return new Response(
      new ReadableStream({
        async pull(controller) {
          for (;;) {
            const part = queue.shift();
            if (part === undefined) {
              if (then === "end") controller.close();
              else await new Promise((resolve) => request.signal.addEventListener("abort", resolve));
              return;
            }
            if (typeof part === "number") await Bun.sleep(part);
            else return controller.enqueue(encoder.encode(part));
          }
        },
      }),
      { headers: { "content-type": "text/event-stream" } },
    );
  };
}

const lastEvent = (text: string) => fromSSEText(text).at(-1) as { event?: string; data: any };

describe("faults after the first byte", () => {
  test("an event over OCTOPUS_RELAY_MAX_SSE_EVENT_SIZE ends the stream with an error event, in each client's format", async () => {
    await addRawUpstream(stage, "huge-event", "openai-chat", script([chunk("Hel"), chunk("lo"), 30, chunk("x".repeat(10_000)), chunk("never")]));
    const direct = await (await post(stage, "openai-chat", "huge-event", true, minimalRequest("openai-chat", "huge-event", true))).text();
    expect(direct).toContain('"content":"Hel"');
    expect(direct).not.toContain("never");
    expect(lastEvent(direct).data.error.message).toContain("exceeds 4096 bytes");

    const converted = await (await post(stage, "anthropic", "huge-event", true, minimalRequest("anthropic", "huge-event", true))).text();
    expect(converted).toContain('"text":"Hel"');
    expect(lastEvent(converted)).toMatchObject({ event: "error", data: { type: "error", error: { type: "api_error" } } });
  });

  test("malformed SSE data ends a converted stream with an error event", async () => {
    await addRawUpstream(stage, "malformed", "openai-chat", script([chunk("Hi"), 30, "data: {this is not json\n\n", chunk("more")]));
    for (const [format, check] of [
      ["anthropic", (e: any) => expect(e).toMatchObject({ event: "error", data: { type: "error" } })],
      ["openai-responses", (e: any) => expect(e.data.type).toBe("response.failed")],
      ["gemini", (e: any) => expect(e.data.error.code).toBeGreaterThanOrEqual(500)],
    ] as const) {
      const text = await (await post(stage, format, "malformed", true, minimalRequest(format, "malformed", true))).text();
      check(lastEvent(text));
    }
  });

  test("an upstream that stops without its terminal event: the converted stream ends with an error", async () => {
    await addRawUpstream(stage, "cut-short", "openai-chat", script([chunk("Hi"), chunk(" there")]));
    const text = await (await post(stage, "anthropic", "cut-short", true, minimalRequest("anthropic", "cut-short", true))).text();
    expect(text).toContain('"text":" there"');
    expect(lastEvent(text)).toMatchObject({ event: "error" });
  });

  test("an upstream idle past the group's stream_idle_timeout ends the stream with a timeout error", async () => {
    await addRawUpstream(stage, "goes-quiet", "openai-chat", script([chunk("Hi")], "hang"), {}, { stream_idle_timeout: 1 });
    const started = clock.now();
    const text = await (await post(stage, "openai-chat", "goes-quiet", true, minimalRequest("openai-chat", "goes-quiet", true))).text();
    expect(clock.now() - started).toBeGreaterThanOrEqual(1000);
    expect(lastEvent(text).data.error.message).toBe("upstream stream was idle for 1s");
  });
});

describe("before the first byte", () => {
  test("no first event within the group's first_byte_timeout → 504 in the client's format", async () => {
    // Nothing (Bun sends the headers with the first bytes) until the relay gives up.
    await addRawUpstream(stage, "slow-start", "openai-chat", script([], "hang"), {}, { first_byte_timeout: 1 });
    const started = clock.now();
    const response = await post(stage, "anthropic", "slow-start", true, minimalRequest("anthropic", "slow-start", true));
    expect(response.status).toBe(504);
    expect((await response.json()).error).toEqual({ type: "timeout_error", message: "upstream did not answer within 1s" });
    expect(clock.now() - started).toBeGreaterThanOrEqual(1000);

    // Headers and a comment, then no event: the same bound, counted while the stream is primed.
    await addRawUpstream(stage, "comment-only", "openai-chat", script([": waiting\n\n"], "hang"), {}, { first_byte_timeout: 1 });
    const primed = await post(stage, "anthropic", "comment-only", true, minimalRequest("anthropic", "comment-only", true));
    expect(primed.status).toBe(504);
    expect((await primed.json()).error).toEqual({ type: "timeout_error", message: "upstream sent no event within 1s" });
  });

  test("a JSON answer not finished within the group's request_timeout → 504 in the client's format", async () => {
    // Headers at once, then a body that never ends.
    const slowBody = () =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(encoder.encode('{"id":"chatcmpl-slow",'));
          },
        }),
        { headers: { "content-type": "application/json" } },
      );
    await addRawUpstream(stage, "slow-body", "openai-chat", slowBody, {}, { request_timeout: 1 });
    const started = clock.now();
    const response = await post(stage, "anthropic", "slow-body", false, minimalRequest("anthropic", "slow-body", false));
    expect(response.status).toBe(504);
    expect((await response.json()).error).toEqual({ type: "timeout_error", message: "upstream did not finish its answer within 1s" });
    expect(clock.now() - started).toBeGreaterThanOrEqual(1000);
  });

  test("a stream whose first event is an error is answered as an error, not as a stream", async () => {
    stage.mocks.anthropic.fault({ kind: "stream_error_first" });
    const response = await post(stage, "openai-chat", "via-anthropic", true, minimalRequest("openai-chat", "via-anthropic", true));
    expect(response.status).toBeGreaterThanOrEqual(500);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect((await response.json()).error.message).toBeString();
  });
});

describe("client disconnects", () => {
  for (const format of ["openai-chat", "anthropic"] as const)
    test(`a ${format} client that goes away aborts the upstream request`, async () => {
      const aborted = { value: false };
      const name = `endless-${format}`;
      await addRawUpstream(stage, name, "openai-chat", script([chunk("a"), 50, chunk("b"), 50, chunk("c")], "hang", aborted));
      const controller = new AbortController();
      const response = await fetch(stage.octopus.url + (format === "anthropic" ? "/v1/messages" : "/v1/chat/completions"), {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${stage.key}` },
        body: JSON.stringify(minimalRequest(format, name, true)),
        signal: controller.signal,
      });
      const reader = response.body!.getReader();
      await reader.read();
      controller.abort();
      await until(() => aborted.value, "the upstream request's abort");
    });

  test("a client that leaves after the terminal event (as Codex does) is counted a success", async () => {
    const finish = `data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"up","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\n`;
    const usage = `data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"up","choices":[],"usage":{"prompt_tokens":4,"completion_tokens":2,"total_tokens":6}}\n\n`;
    await addRawUpstream(stage, "lingering", "openai-chat", script([chunk("Hi"), finish, usage, "data: [DONE]\n\n"], "hang"));
    for (const format of ["openai-chat", "anthropic"] as const) {
      const before = stage.outcomes.length;
      const response = await post(stage, format, "lingering", true, minimalRequest(format, "lingering", true));
      const reader = response.body!.getReader();
      let text = "";
      const terminal = format === "anthropic" ? "message_stop" : "[DONE]";
      while (!text.includes(terminal)) text += new TextDecoder().decode((await reader.read()).value);
      await reader.cancel();
      await until(() => stage.outcomes.length > before, "the outcome");
      expect(stage.outcomes.at(-1)).toMatchObject({ status: 200, usage: { inputTokens: 4, outputTokens: 2 } });
      expect(stage.outcomes.at(-1)!.error).toBeUndefined();
    }
  });
});
