/**
 * Sticky by conversation through the real relay: a round-robin group over two channels with an
 * affinity window; a Claude Code session (metadata.user_id, as Claude Code 2.1.328 sends it) and a
 * Codex session (prompt_cache_key, as Codex 0.169.0 sends it), each through its official SDK,
 * stay on one channel while other sessions of the same API key spread over both.
 */
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { afterAll, beforeAll, expect, test } from "bun:test";
import { startStage, UPSTREAM_MODEL, type Stage } from "../relay/harness";

let stage: Stage;
beforeAll(async () => {
  stage = await startStage();
  const made = await stage.octopus.api("POST", "/api/v1/group/create", {
    token: stage.token,
    body: {
      name: "sticky",
      mode: "round_robin",
      affinity_window: 300,
      items: [
        { channel_id: stage.channelIds.anthropic, model: UPSTREAM_MODEL.anthropic },
        { channel_id: stage.channelIds["openai-responses"], model: UPSTREAM_MODEL["openai-responses"] },
      ],
    },
  });
  expect(made.status).toBe(200);
});
afterAll(() => stage.close());

const claudeUserId = (session: string) => JSON.stringify({ device_id: "c193d39dd31d316b", account_uuid: "", session_id: session });

test("one Claude Code session and one Codex session each stay on one channel; other sessions spread", async () => {
  const anthropic = new Anthropic({ baseURL: stage.octopus.url, apiKey: stage.key, maxRetries: 0 });
  const openai = new OpenAI({ baseURL: `${stage.octopus.url}/v1`, apiKey: stage.key, maxRetries: 0 });
  const claude = (session: string) =>
    anthropic.messages.create({ model: "sticky", max_tokens: 64, messages: [{ role: "user", content: "hi" }], metadata: { user_id: claudeUserId(session) } });
  const codex = (thread: string) => openai.responses.create({ model: "sticky", input: "hi", prompt_cache_key: thread });
  const servedBy = () => stage.outcomes.at(-1)!.channelId;

  const claudeChannels = new Set<number>();
  const codexChannels = new Set<number>();
  const otherChannels: number[] = [];
  for (let i = 0; i < 8; i++) {
    await claude("4cb714ff-89b0-44d4-866c-02394ea163c9");
    claudeChannels.add(servedBy());
    await codex("01a23528-b742-7e93-b461-b8380116175d");
    codexChannels.add(servedBy());
    await (i % 2 ? claude(`other-session-${i}`) : codex(`other-thread-${i}`));
    otherChannels.push(servedBy());
  }
  expect(claudeChannels.size).toBe(1);
  expect(codexChannels.size).toBe(1);
  expect(new Set(otherChannels)).toEqual(new Set([stage.channelIds.anthropic, stage.channelIds["openai-responses"]]));
});
