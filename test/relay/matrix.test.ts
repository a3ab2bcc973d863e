/**
 * Every client format against every channel format, streamed and not, through the official SDKs:
 * a plain answer and a tool-call round trip each, checking what the client sees (content, tool
 * arguments, finish reason, token counts) and what the upstream received.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { FORMATS, type Format, type IRUsage } from "../../src/protocols/ir";
import { SCENARIO } from "../mocks/scenario";
import { clientDriver } from "./clients";
import { groupFor, startStage, UPSTREAM_MODEL, type Stage } from "./harness";

let stage: Stage;
beforeAll(async () => {
  stage = await startStage();
});
afterAll(() => stage.close());

const FINISH: Record<Format, { plain: string; tool: string }> = {
  "openai-chat": { plain: "stop", tool: "tool_calls" },
  "openai-responses": { plain: "completed", tool: "completed" },
  anthropic: { plain: "end_turn", tool: "tool_use" },
  gemini: { plain: "STOP", tool: "STOP" },
};

/** What each mock reports, in IR arithmetic: Gemini has no cache writes. */
const channelUsage = (channel: Format): IRUsage => ({ ...SCENARIO.usage, cacheWriteTokens: channel === "gemini" ? 0 : SCENARIO.usage.cacheWriteTokens });

/** The usage a client of each format must see for the channel's usage, in its own arithmetic. */
function clientUsage(client: Format, u: IRUsage) {
  switch (client) {
    case "openai-chat":
      return {
        prompt_tokens: u.inputTokens,
        completion_tokens: u.outputTokens,
        total_tokens: u.inputTokens + u.outputTokens,
        prompt_tokens_details: expect.objectContaining({ cached_tokens: u.cacheReadTokens }),
      };
    case "openai-responses":
      return {
        input_tokens: u.inputTokens,
        output_tokens: u.outputTokens,
        total_tokens: u.inputTokens + u.outputTokens,
        input_tokens_details: expect.objectContaining({ cached_tokens: u.cacheReadTokens }),
      };
    case "anthropic":
      return {
        input_tokens: u.inputTokens - u.cacheReadTokens - u.cacheWriteTokens,
        output_tokens: u.outputTokens,
        cache_read_input_tokens: u.cacheReadTokens,
        cache_creation_input_tokens: u.cacheWriteTokens,
      };
    case "gemini":
      return {
        promptTokenCount: u.inputTokens,
        candidatesTokenCount: u.outputTokens - u.reasoningTokens,
        cachedContentTokenCount: u.cacheReadTokens,
      };
  }
}

/** Where each channel format's requests land on its mock. */
const UPSTREAM_PATH: Record<Format, (stream: boolean) => string> = {
  "openai-chat": () => "/v1/chat/completions",
  "openai-responses": () => "/v1/responses",
  anthropic: () => "/v1/messages",
  gemini: (stream) => `/v1beta/models/${UPSTREAM_MODEL.gemini}:${stream ? "streamGenerateContent?alt=sse" : "generateContent"}`,
};

for (const client of FORMATS) {
  for (const channel of FORMATS) {
    for (const stream of [false, true]) {
      describe(`${client} client → ${channel} channel, ${stream ? "streamed" : "not streamed"}`, () => {
        test("plain answer", async () => {
          const mock = stage.mocks[channel];
          const callsBefore = mock.calls.length;
          const outcomesBefore = stage.outcomes.length;
          const turn = await clientDriver(client, stage.octopus.url, stage.key).plain(groupFor(channel), stream);

          expect(turn.text).toBe(SCENARIO.text);
          expect(turn.finish).toBe(FINISH[client].plain);
          expect(turn.toolCall).toBeUndefined();
          expect(turn.usage).toMatchObject(clientUsage(client, channelUsage(channel)));

          expect(mock.calls.length).toBe(callsBefore + 1);
          const call = mock.calls.at(-1)!;
          expect(call.path).toBe(UPSTREAM_PATH[channel](stream));
          if (channel !== "gemini") expect(call.body.model).toBe(UPSTREAM_MODEL[channel]);

          expect(stage.outcomes.length).toBe(outcomesBefore + 1);
          expect(stage.outcomes.at(-1)).toMatchObject({ status: 200, model: groupFor(channel), actualModel: UPSTREAM_MODEL[channel], usage: channelUsage(channel) });
        });

        test("tool call round trip", async () => {
          const mock = stage.mocks[channel];
          const callsBefore = mock.calls.length;
          const [first, second] = await clientDriver(client, stage.octopus.url, stage.key).toolRoundTrip(groupFor(channel), stream);

          expect(first.toolCall).toMatchObject({ name: SCENARIO.toolCall.name, args: SCENARIO.toolCall.arguments });
          expect(first.finish).toBe(FINISH[client].tool);
          expect(first.usage).toMatchObject(clientUsage(client, channelUsage(channel)));
          expect(second.toolCall).toBeUndefined();
          expect(second.text).toBe(SCENARIO.afterTool);
          expect(second.finish).toBe(FINISH[client].plain);

          // The upstream saw the call and its result in its own format, in the second request.
          expect(mock.calls.length).toBe(callsBefore + 2);
          const replay = JSON.stringify(mock.calls.at(-1)!.body);
          expect(replay).toContain(SCENARIO.toolCall.name);
          expect(replay).toContain("sunny");
        });
      });
    }
  }
}
