import { describe, expect, test } from "bun:test";
import { fromSSEText, toSSEEvents } from "../../../test/golden";
import { emptyUsage, ProtocolError, type IRFinishReason, type IRPart, type IRRequest, type IRStreamEvent } from "../ir";
import { openaiResponsesAdapter as adapter } from "./index";

const usage = emptyUsage();
const toolCall: IRPart = { type: "tool_call", id: "call_1", name: "f", arguments: "{}" };

/** IR → wire → IR through the non-stream path. */
function viaResponse(reason: IRFinishReason, parts: IRPart[]): IRFinishReason {
  const wire = adapter.encodeResponse({ id: "resp_1", model: "m", created: 1, parts, finishReason: reason, usage });
  return adapter.decodeResponse(wire).finishReason;
}

/** IR → wire → IR through the stream path; an IR error counts as the "error" finish. */
function viaStream(reason: IRFinishReason, parts: IRPart[]): IRFinishReason {
  const encoder = adapter.streamEncoder();
  const blocks: IRStreamEvent[] = parts.flatMap((p, index): IRStreamEvent[] =>
    p.type === "tool_call"
      ? [
          { type: "block_start", index, block: { type: "tool_call", id: p.id, name: p.name } },
          { type: "block_stop", index },
        ]
      : [],
  );
  const ir: IRStreamEvent[] = [{ type: "start", id: "resp_1", model: "m", created: 1 }, ...blocks, { type: "finish", reason, usage }];
  const decoder = adapter.streamDecoder();
  const out = toSSEEvents(fromSSEText(ir.map((e) => encoder.push(e)).join(""))).flatMap((e) => decoder.push(e));
  const last = [...out, ...decoder.end()].at(-1)!;
  return last.type === "finish" ? last.reason : "error";
}

describe("finish reasons map both ways, identically in stream and non-stream", () => {
  const cases: [IRFinishReason, IRPart[], IRFinishReason][] = [
    ["stop", [], "stop"],
    ["tool_calls", [toolCall], "tool_calls"],
    ["length", [], "length"],
    ["content_filter", [], "content_filter"],
    ["error", [], "error"],
    // Reasons this format cannot express collapse onto the nearest one.
    ["refusal", [], "stop"],
    ["pause", [], "stop"],
    ["context_window", [], "length"],
    // A tool call means tool_calls whatever the upstream said (the Gemini STOP pitfall).
    ["stop", [toolCall], "tool_calls"],
  ];
  for (const [reason, parts, expected] of cases)
    test(`${reason}${parts.length ? " with a tool call" : ""} → ${expected}`, () => {
      expect(viaResponse(reason, parts)).toBe(expected);
      expect(viaStream(reason, parts)).toBe(expected);
    });

  test("wire statuses decode the same way in both paths", () => {
    const wire: [string, unknown, IRFinishReason][] = [
      ["completed", null, "stop"],
      ["incomplete", { reason: "max_output_tokens" }, "length"],
      ["incomplete", { reason: "content_filter" }, "content_filter"],
    ];
    for (const [status, incomplete, expected] of wire) {
      const response = { id: "resp_1", status, incomplete_details: incomplete, output: [] };
      expect(adapter.decodeResponse(response).finishReason).toBe(expected);
      const decoder = adapter.streamDecoder();
      const event = { type: `response.${status}`, response };
      const last = decoder.push({ event: event.type, data: JSON.stringify(event) }).at(-1);
      expect(last).toEqual({ type: "finish", reason: expected, usage });
    }
  });
});

describe("decodeResponse", () => {
  test("refusals become text; hosted-tool items are skipped; missing usage reads as zero", () => {
    const ir = adapter.decodeResponse({
      id: "resp_9",
      created_at: 5,
      model: "gpt-5",
      status: "completed",
      output: [
        { id: "ws_1", type: "web_search_call", status: "completed" },
        { id: "msg_1", type: "message", role: "assistant", content: [{ type: "refusal", refusal: "I can't help with that." }] },
      ],
    });
    expect(ir.parts).toEqual([{ type: "text", text: "I can't help with that." }]);
    expect(ir.usage).toEqual(usage);
  });

  test("reasoning without summaries falls back to reasoning_text content", () => {
    const ir = adapter.decodeResponse({
      id: "resp_9",
      output: [{ id: "rs_1", type: "reasoning", summary: [], content: [{ type: "reasoning_text", text: "raw thoughts" }] }],
    });
    expect(ir.parts).toEqual([{ type: "thinking", text: "raw thoughts" }]);
  });

  test("a body that is not a response object is a 502", () => {
    for (const body of [null, "oops", { object: "list" }]) {
      let thrown: unknown;
      try {
        adapter.decodeResponse(body);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(ProtocolError);
      expect((thrown as ProtocolError).ir.status).toBe(502);
    }
  });
});

describe("encodeResponse with the client's request", () => {
  const request: IRRequest = {
    model: "m",
    stream: false,
    messages: [],
    tools: [
      { name: "crm__note", parameters: {}, namespace: "crm", freeform: true },
      { name: "crm__find", parameters: {}, namespace: "crm" },
      { name: "p", parameters: {}, freeform: true },
    ],
  };
  const call = (id: string, name: string, args: string): IRPart => ({ type: "tool_call", id, name, arguments: args });
  const output = (parts: IRPart[], client?: IRRequest) =>
    (adapter.encodeResponse({ id: "resp_1", model: "m", created: 1, parts, finishReason: "tool_calls", usage }, client) as any).output;

  test("calls go back in the shape the client declared: namespaced, freeform, or plain", () => {
    const parts = [call("c1", "crm__note", '{"input":"hi"}'), call("c2", "crm__find", '{"q":1}'), call("c3", "f", "")];
    expect(output(parts, request)).toEqual([
      { id: "ctc_1_0", type: "custom_tool_call", status: "completed", call_id: "c1", input: "hi", name: "note", namespace: "crm" },
      { id: "fc_1_1", type: "function_call", status: "completed", arguments: '{"q":1}', call_id: "c2", name: "find", namespace: "crm" },
      { id: "fc_1_2", type: "function_call", status: "completed", arguments: "{}", call_id: "c3", name: "f" },
    ]);
  });

  test("a freeform call whose arguments hold no input text gives them as the text", () => {
    expect(output([call("c1", "p", '{"patch":"x"}')], request)[0]).toMatchObject({ type: "custom_tool_call", input: '{"patch":"x"}' });
  });

  test("without the request, every call is a plain function call under its IR name", () => {
    expect(output([call("c1", "crm__note", '{"input":"hi"}')])[0]).toMatchObject({ type: "function_call", name: "crm__note", arguments: '{"input":"hi"}' });
  });
});
