/** Finish reasons map both ways, identically in a stream and in a whole response. */
import { expect, test } from "bun:test";
import { emptyUsage, type IRFinishReason, type IRStreamEvent } from "../ir";
import { openaiChatAdapter as chat } from "./index";
import { encodeResponse } from "./response";

const toolCall = { id: "c", type: "function", function: { name: "f", arguments: "{}" } };

function viaResponse(reason: string | null, withTool: boolean): IRFinishReason {
  const message = { role: "assistant", content: withTool ? null : "x", ...(withTool ? { tool_calls: [toolCall] } : {}) };
  return chat.decodeResponse({ id: "i", created: 1, model: "m", choices: [{ index: 0, message, finish_reason: reason }] }).finishReason;
}

function viaStream(reason: string | null, withTool: boolean): IRFinishReason {
  const d = chat.streamDecoder();
  const chunk = (delta: object, finish: string | null) =>
    JSON.stringify({ id: "i", object: "chat.completion.chunk", created: 1, model: "m", choices: [{ index: 0, delta, finish_reason: finish }] });
  const delta = withTool ? { tool_calls: [{ index: 0, ...toolCall }] } : { content: "x" };
  const events = [chunk(delta, null), chunk({}, reason), "[DONE]"].flatMap((data) => d.push({ data }));
  const last = events.at(-1) as Extract<IRStreamEvent, { type: "finish" }>;
  expect(last.type).toBe("finish");
  return last.reason;
}

test.each([
  ["stop", false, "stop"],
  ["length", false, "length"],
  ["tool_calls", true, "tool_calls"],
  ["function_call", true, "tool_calls"],
  ["content_filter", false, "content_filter"],
  ["insufficient_system_resource", false, "error"],
  ["stop", true, "tool_calls"], // compatible upstreams that answer tool calls with "stop"
  ["something_new", false, "stop"],
] as const)("wire %s (tool call: %s) → IR %s in both paths", (wire, withTool, ir) => {
  expect(viaResponse(wire, withTool)).toBe(ir);
  expect(viaStream(wire, withTool)).toBe(ir);
});

test.each([
  ["stop", "stop"],
  ["length", "length"],
  ["tool_calls", "tool_calls"],
  ["content_filter", "content_filter"],
  ["refusal", "content_filter"],
  ["pause", "stop"],
  ["context_window", "length"],
  ["error", "stop"],
] as const)("IR %s → wire %s in both paths", (ir, wire) => {
  const response = encodeResponse({ id: "i", model: "m", created: 1, parts: [], finishReason: ir, usage: emptyUsage() });
  expect(response.choices[0].finish_reason).toBe(wire);

  const e = chat.streamEncoder();
  e.push({ type: "start", id: "i", model: "m", created: 1 });
  const text = e.push({ type: "finish", reason: ir, usage: emptyUsage() });
  const finishChunk = JSON.parse(text.split("\n\n")[0].slice("data: ".length));
  expect(finishChunk.choices[0].finish_reason).toBe(wire);
});
