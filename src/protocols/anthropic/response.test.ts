import { describe, expect, test } from "bun:test";
import { toSSEEvents } from "../../../test/golden";
import { emptyUsage, ProtocolError, type IRFinishReason, type IRResponse } from "../ir";
import { anthropicAdapter as adapter } from "./index";

const message = (extra: object) => ({
  id: "msg_1",
  type: "message",
  role: "assistant",
  model: "m",
  content: [{ type: "text", text: "x" }],
  stop_reason: "end_turn",
  stop_sequence: null,
  usage: { input_tokens: 1, output_tokens: 1 },
  ...extra,
});

/** The finish reason the stream decoder reports for a stop reason. */
function streamedFinish(stop_reason: string): IRFinishReason | undefined {
  const decoder = adapter.streamDecoder();
  const events = toSSEEvents([
    { event: "message_start", data: { type: "message_start", message: message({ content: [], stop_reason: null }) } },
    { event: "message_delta", data: { type: "message_delta", delta: { stop_reason, stop_sequence: null }, usage: { output_tokens: 1 } } },
    { event: "message_stop", data: { type: "message_stop" } },
  ]).flatMap((e) => decoder.push(e));
  const finish = events.at(-1);
  return finish?.type === "finish" ? finish.reason : undefined;
}

describe("stop reasons", () => {
  const table: [string, IRFinishReason][] = [
    ["end_turn", "stop"],
    ["stop_sequence", "stop"],
    ["max_tokens", "length"],
    ["tool_use", "tool_calls"],
    ["pause_turn", "pause"],
    ["refusal", "refusal"],
    ["model_context_window_exceeded", "context_window"],
  ];
  for (const [stopReason, finish] of table) {
    test(`${stopReason} ⇄ ${finish}, identical in stream and non-stream`, () => {
      expect(adapter.decodeResponse(message({ stop_reason: stopReason })).finishReason).toBe(finish);
      expect(streamedFinish(stopReason)).toBe(finish);
      if (stopReason === "stop_sequence") return; // the IR keeps no stop sequence: it reads back as end_turn
      const response: IRResponse = { id: "r", model: "m", created: 0, parts: [], finishReason: finish, usage: emptyUsage() };
      expect((adapter.encodeResponse(response) as any).stop_reason).toBe(stopReason);
      const encoder = adapter.streamEncoder();
      const text = encoder.push({ type: "start", id: "r", model: "m", created: 0 }) + encoder.push({ type: "finish", reason: finish, usage: emptyUsage() });
      expect(text).toContain(`"stop_reason":"${stopReason}"`);
    });
  }

  test("reasons other formats add map to their nearest Anthropic reason; unknown ones read as stop", () => {
    const encodeFinish = (finishReason: IRFinishReason) =>
      (adapter.encodeResponse({ id: "r", model: "m", created: 0, parts: [], finishReason, usage: emptyUsage() }) as any).stop_reason;
    expect(encodeFinish("content_filter")).toBe("refusal");
    expect(encodeFinish("error")).toBe("end_turn");
    expect(adapter.decodeResponse(message({ stop_reason: "some_new_reason" })).finishReason).toBe("stop");
    expect(streamedFinish("some_new_reason")).toBe("stop");
  });
});

describe("decodeResponse", () => {
  test("server tool blocks are left out; thinking token details become reasoning tokens", () => {
    const ir = adapter.decodeResponse(
      message({
        content: [
          { type: "server_tool_use", id: "srvtoolu_1", name: "web_search", input: { query: "x" } },
          { type: "web_search_tool_result", tool_use_id: "srvtoolu_1", content: [] },
          { type: "text", text: "Found it.", citations: [{ type: "web_search_result_location" }] },
        ],
        usage: { input_tokens: 4, output_tokens: 50, output_tokens_details: { thinking_tokens: 30 } },
      }),
    );
    expect(ir.parts).toEqual([{ type: "text", text: "Found it." }]);
    expect(ir.usage).toEqual({ inputTokens: 4, outputTokens: 50, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 30 });
  });

  test("a malformed upstream message is a 502, not the client's 400", () => {
    for (const body of [null, "text", { id: "msg_1", model: "m" }, message({ content: [{ type: "text", text: 5 }] })]) {
      try {
        adapter.decodeResponse(body);
        throw new Error("expected a rejection");
      } catch (error) {
        expect(error).toBeInstanceOf(ProtocolError);
        expect((error as ProtocolError).ir).toMatchObject({ status: 502, kind: "server_error" });
      }
    }
  });
});

describe("encodeResponse", () => {
  test("thinking from another format keeps its signature wrapped; cut-off tool arguments become {}", () => {
    const wire = adapter.encodeResponse({
      id: "resp_1",
      model: "gpt-5",
      created: 0,
      parts: [
        { type: "thinking", text: "hmm", signature: { format: "openai-responses", value: "enc" } },
        { type: "tool_call", id: "call_1", name: "f", arguments: '{"city": "Par' },
      ],
      finishReason: "length",
      usage: emptyUsage(),
    }) as any;
    expect(wire.id).toBe("msg_resp_1");
    expect(wire.content).toEqual([
      { type: "thinking", thinking: "hmm", signature: "octopus1oarSZW5j" },
      { type: "tool_use", id: "call_1", name: "f", input: {} },
    ]);
  });

  test("redacted thinking round-trips as redacted_thinking", () => {
    const wire = adapter.encodeResponse({
      id: "msg_2",
      model: "m",
      created: 0,
      parts: [{ type: "thinking", text: "", redacted: true, signature: { format: "anthropic", value: "opaque" } }],
      finishReason: "stop",
      usage: emptyUsage(),
    }) as any;
    expect(wire.content).toEqual([{ type: "redacted_thinking", data: "opaque" }]);
  });
});
