/**
 * A signature survives a trip through a client of another format: the channel's answer is encoded
 * for the client, the client sends it back in its next request, and the request bound for the
 * channel carries the original signature. A client in the signature's own format is a plain relay.
 * Likewise a Codex request's namespaced and freeform tools reach other formats as plain functions,
 * and their calls come back to Codex in the shape it declared.
 */
import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { encodeAll, loadJSON } from "../../test/golden";
import type { ProtocolAdapter } from "./adapter";
import { anthropicAdapter } from "./anthropic";
import { geminiAdapter } from "./gemini";
import { emptyUsage, type IRPart, type IRRequest, type IRResponse, type IRStreamEvent } from "./ir";
import { openaiChatAdapter } from "./openai-chat";
import { openaiResponsesAdapter } from "./openai-responses";

const RESULT = "18°C and sunny";
const CALL = { id: "call_1", name: "get_weather", arguments: '{"city":"Paris"}' };

/**
 * Each client format: its next request, built as its SDK would from the answer it received and
 * the tool's result, and the answer rebuilt from a stream as its SDK would.
 */
interface Client {
  adapter: ProtocolAdapter;
  nextRequest(answer: any): unknown;
  fromStream(frames: { event?: string; data: any }[]): any;
}

const CLIENTS: Record<"anthropic" | "openai-responses" | "gemini" | "openai-chat", Client> = {
  anthropic: {
    adapter: anthropicAdapter,
    nextRequest: (answer) => ({
      model: "m",
      max_tokens: 1024,
      messages: [
        { role: "user", content: "Weather in Paris?" },
        { role: "assistant", content: answer.content },
        { role: "user", content: [{ type: "tool_result", tool_use_id: CALL.id, content: RESULT }] },
      ],
    }),
    fromStream(frames) {
      const content: any[] = [];
      for (const { data } of frames) {
        if (data.type === "content_block_start") content[data.index] = { ...data.content_block, json: "" };
        if (data.type !== "content_block_delta") continue;
        const block = content[data.index];
        const d = data.delta;
        if (d.type === "text_delta") block.text += d.text;
        if (d.type === "thinking_delta") block.thinking += d.thinking;
        if (d.type === "signature_delta") block.signature += d.signature;
        if (d.type === "input_json_delta") block.json += d.partial_json;
      }
      return {
        content: content.map(({ json, ...block }) => (block.type === "tool_use" ? { ...block, input: JSON.parse(json || "{}") } : block)),
      };
    },
  },
  "openai-responses": {
    adapter: openaiResponsesAdapter,
    nextRequest: (answer) => ({
      model: "m",
      input: [
        { role: "user", content: "Weather in Paris?" },
        ...answer.output,
        { type: "function_call_output", call_id: CALL.id, output: RESULT },
      ],
    }),
    fromStream: (frames) => frames.find((f) => f.event === "response.completed")!.data.response,
  },
  gemini: {
    adapter: geminiAdapter,
    nextRequest: (answer) => ({
      contents: [
        { role: "user", parts: [{ text: "Weather in Paris?" }] },
        answer.candidates[0].content,
        { role: "user", parts: [{ functionResponse: { name: CALL.name, response: { output: RESULT } } }] },
      ],
    }),
    fromStream: (frames) => ({
      candidates: [{ content: { role: "model", parts: frames.flatMap((f) => f.data.candidates[0].content?.parts ?? []) } }],
    }),
  },
  "openai-chat": {
    adapter: openaiChatAdapter,
    nextRequest: (answer) => ({
      model: "m",
      messages: [
        { role: "user", content: "Weather in Paris?" },
        answer.choices[0].message,
        { role: "tool", tool_call_id: CALL.id, content: RESULT },
      ],
    }),
    fromStream(frames) {
      const message: any = { role: "assistant", content: null, reasoning_content: "", reasoning_details: [], tool_calls: [] };
      for (const { data } of frames) {
        const d = data.choices?.[0]?.delta ?? {};
        if (d.reasoning_content) message.reasoning_content += d.reasoning_content;
        if (d.reasoning_details) message.reasoning_details.push(...d.reasoning_details);
        for (const c of d.tool_calls ?? []) {
          message.tool_calls[c.index] ??= { id: c.id, type: "function", function: { name: c.function.name, arguments: "" } };
          message.tool_calls[c.index].function.arguments += c.function.arguments;
        }
      }
      return { choices: [{ message }] };
    },
  },
};

const answer = (parts: IRPart[]): IRResponse => ({
  id: "resp_1",
  model: "m",
  created: 1,
  parts,
  finishReason: "tool_calls",
  usage: emptyUsage(),
});

/** The IR stream a channel's decoder gives for these parts. */
function streamOf(parts: IRPart[]): IRStreamEvent[] {
  const events: IRStreamEvent[] = [{ type: "start", id: "resp_1", model: "m", created: 1 }];
  parts.forEach((p, index) => {
    if (p.type === "thinking") {
      events.push({ type: "block_start", index, block: { type: "thinking", ...(p.redacted && { redacted: true }) } });
      if (p.text) events.push({ type: "block_delta", index, delta: { type: "thinking", text: p.text } });
      if (p.signature) events.push({ type: "block_delta", index, delta: { type: "signature", signature: p.signature } });
    } else if (p.type === "tool_call") {
      const { id, name, signature } = p;
      events.push({ type: "block_start", index, block: { type: "tool_call", id, name, ...(signature && { signature }) } });
      events.push({ type: "block_delta", index, delta: { type: "arguments", json: p.arguments } });
    }
    events.push({ type: "block_stop", index });
  });
  events.push({ type: "finish", reason: "tool_calls", usage: emptyUsage() });
  return events;
}

/** Channel answer → client (whole or streamed) → the client's next request → IR. */
function replay(client: Client, parts: IRPart[], streamed: boolean): IRRequest {
  const wire = streamed
    ? client.fromStream(encodeAll(client.adapter.streamEncoder(), streamOf(parts)))
    : client.adapter.encodeResponse(answer(parts));
  return client.adapter.decodeRequest(JSON.parse(JSON.stringify(client.nextRequest(wire))), { model: "m" });
}

const THOUGHT = "The user wants the weather; call get_weather.";
const SIGNATURE = "ErUBCkYIBRgCIkDgtWq5y3PGcLZ9+IgXsmPn/GJqzx4l==";
const REDACTED_DATA = "EmwKAhgBEgy3va3pzix/Laf==";
const SIGNED_THINKING: IRPart = { type: "thinking", text: THOUGHT, signature: { format: "anthropic", value: SIGNATURE } };
const REDACTED: IRPart = { type: "thinking", text: "", redacted: true, signature: { format: "anthropic", value: REDACTED_DATA } };

describe.each(Object.keys(CLIENTS) as (keyof typeof CLIENTS)[])("through a %s client", (name) => {
  const client = CLIENTS[name];

  test.each([false, true])("Anthropic-signed thinking before a tool call reaches the Anthropic channel again (streamed: %p)", (streamed) => {
    const ir = replay(client, [SIGNED_THINKING, { type: "tool_call", ...CALL }], streamed);
    const body = anthropicAdapter.encodeRequest({ ...ir, reasoning: { budgetTokens: 2048 } }) as any;
    expect(body.messages[1].content).toEqual([
      { type: "thinking", thinking: THOUGHT, signature: SIGNATURE },
      { type: "tool_use", id: CALL.id, name: CALL.name, input: { city: "Paris" } },
    ]);
    expect(body.thinking).toEqual({ type: "enabled", budget_tokens: 2048 });
  });

  test.each([false, true])("redacted thinking comes back as redacted_thinking (streamed: %p)", (streamed) => {
    const ir = replay(client, [REDACTED, { type: "tool_call", ...CALL }], streamed);
    const body = anthropicAdapter.encodeRequest(ir) as any;
    expect(body.messages[1].content[0]).toEqual({ type: "redacted_thinking", data: REDACTED_DATA });
  });

  test("no other channel is sent the Anthropic signature, bare or wrapped", () => {
    const ir = replay(client, [SIGNED_THINKING, { type: "tool_call", ...CALL }], false);
    for (const channel of [geminiAdapter, openaiResponsesAdapter, openaiChatAdapter]) {
      const body = JSON.stringify(channel.encodeRequest(ir));
      expect(body).not.toContain(SIGNATURE);
      expect(body).not.toContain("octopus1");
    }
  });
});

describe.each(["anthropic", "openai-responses", "gemini"] as const)("a Gemini call signature through a %s client", (name) => {
  const signed: IRPart = { type: "tool_call", ...CALL, signature: { format: "gemini", value: "CiQBcsjafDf2bKkM2Mv0Yq3y+wM=" } };

  test.each([false, true])("is replayed on the call to the Gemini channel (streamed: %p)", (streamed) => {
    const body = geminiAdapter.encodeRequest(replay(CLIENTS[name], [signed], streamed)) as any;
    expect(body.contents[1].parts).toEqual([
      { functionCall: { name: CALL.name, args: { city: "Paris" } }, thoughtSignature: "CiQBcsjafDf2bKkM2Mv0Yq3y+wM=" },
    ]);
  });
});

test("a chat client has no field for a call's signature: the Gemini channel gets the documented placeholder", () => {
  const signed: IRPart = { type: "tool_call", ...CALL, signature: { format: "gemini", value: "G" } };
  const body = geminiAdapter.encodeRequest(replay(CLIENTS["openai-chat"], [signed], false)) as any;
  expect(body.contents[1].parts[0].thoughtSignature).toBe("skip_thought_signature_validator");
});

describe("a Codex request through a channel of another format", () => {
  const request = openaiResponsesAdapter.decodeRequest(loadJSON(join(import.meta.dir, "openai-responses/fixtures/codex.request.json")));
  const toolNames: [ProtocolAdapter, (body: any) => string[]][] = [
    [openaiChatAdapter, (body) => body.tools.map((t: any) => t.function.name)],
    [anthropicAdapter, (body) => body.tools.map((t: any) => t.name)],
    [geminiAdapter, (body) => body.tools[0].functionDeclarations.map((t: any) => t.name)],
  ];

  test.each(toolNames)("$format sees plain functions under names every format accepts, and no hosted tool", (channel, names) => {
    const body = channel.encodeRequest(request);
    expect(names(body)).toEqual(["exec_command", "multi_agent_v1__spawn_agent", "multi_agent_v1__close_agent", "apply_patch"]);
    expect(names(body).every((name) => /^[a-zA-Z0-9_-]{1,64}$/.test(name))).toBe(true);
    expect(JSON.stringify(body)).not.toContain("web_search");
  });

  test("the channel's calls reach Codex as a namespaced function call and a custom tool call", () => {
    const patch = "*** Begin Patch\n*** Delete File: old.txt\n*** End Patch\n";
    const answer = openaiChatAdapter.decodeResponse({
      id: "chatcmpl-1",
      created: 1,
      model: "m",
      choices: [
        {
          index: 0,
          finish_reason: "tool_calls",
          message: {
            role: "assistant",
            content: null,
            tool_calls: [
              { id: "call_1", type: "function", function: { name: "multi_agent_v1__close_agent", arguments: '{"id":"agent-7"}' } },
              { id: "call_2", type: "function", function: { name: "apply_patch", arguments: JSON.stringify({ input: patch }) } },
            ],
          },
        },
      ],
    });
    const output = (openaiResponsesAdapter.encodeResponse(answer, request) as any).output;
    expect(output).toMatchObject([
      { type: "function_call", namespace: "multi_agent_v1", name: "close_agent", arguments: '{"id":"agent-7"}', call_id: "call_1" },
      { type: "custom_tool_call", name: "apply_patch", input: patch, call_id: "call_2" },
    ]);
    const next = openaiResponsesAdapter.decodeRequest({ model: "m", input: [{ role: "user", content: "go" }, ...output] });
    expect(next.messages[1].parts).toEqual(answer.parts);
  });
});
