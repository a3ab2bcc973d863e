import { describe, expect, test } from "bun:test";
import { ADAPTERS } from "../protocols";
import { costOf } from "./cost";

const SONNET = { input: 3, output: 15, cache_read: 0.3, cache_write: 3.75 };

describe("cost", () => {
  test("uncached input, cache reads, cache writes and output each at their price", () => {
    const usage = { inputTokens: 1_000_000, outputTokens: 100_000, cacheReadTokens: 600_000, cacheWriteTokens: 100_000, reasoningTokens: 0 };
    // 300k uncached × $3 + 600k × $0.30 + 100k × $3.75 + 100k × $15, per million.
    expect(costOf(usage, SONNET)).toBeCloseTo(0.9 + 0.18 + 0.375 + 1.5, 12);
  });

  test("Anthropic's input_tokens exclude the cache, OpenAI's prompt_tokens include it: both cost the same", () => {
    const anthropic = ADAPTERS.anthropic.decodeResponse({
      id: "msg_1",
      type: "message",
      role: "assistant",
      model: "claude",
      content: [{ type: "text", text: "hi" }],
      stop_reason: "end_turn",
      stop_sequence: null,
      usage: { input_tokens: 200, cache_read_input_tokens: 700, cache_creation_input_tokens: 100, output_tokens: 50 },
    });
    const openai = ADAPTERS["openai-chat"].decodeResponse({
      id: "chatcmpl-1",
      object: "chat.completion",
      created: 1,
      model: "gpt",
      choices: [{ index: 0, message: { role: "assistant", content: "hi" }, finish_reason: "stop" }],
      usage: { prompt_tokens: 1000, completion_tokens: 50, total_tokens: 1050, prompt_tokens_details: { cached_tokens: 700, cache_write_tokens: 100 } },
    });
    expect(anthropic.usage).toEqual(openai.usage);
    const expected = (200 * 3 + 700 * 0.3 + 100 * 3.75 + 50 * 15) / 1e6;
    expect(costOf(anthropic.usage, SONNET)).toBeCloseTo(expected, 15);
    expect(costOf(openai.usage, SONNET)).toBeCloseTo(expected, 15);
  });

  test("a missing cache price is charged as input; reasoning is part of output", () => {
    const usage = { inputTokens: 1000, outputTokens: 500, cacheReadTokens: 400, cacheWriteTokens: 0, reasoningTokens: 300 };
    expect(costOf(usage, { input: 2, output: 8 })).toBeCloseTo((1000 * 2 + 500 * 8) / 1e6, 15);
  });
});
