import { expect, test } from "bun:test";
import { anthropicTarget } from "./anthropic";
import { antigravityTarget } from "./antigravity";
import { geminiTarget } from "./gemini";
import { openaiChatTarget } from "./openai-chat";
import { openaiResponsesTarget } from "./openai-responses";
import { callTo } from "./target";
import { FORMATS } from "../protocols/ir";
import { CHANNEL_TYPES, targetFor } from "./types";

test("OpenAI chat posts to {base}/chat/completions with a Bearer key, with or without a trailing slash", () => {
  for (const base of ["https://api.openai.com/v1", "https://api.openai.com/v1/"]) {
    expect(callTo(openaiChatTarget, base, "gpt-4o", true, "sk-test")).toEqual({
      url: "https://api.openai.com/v1/chat/completions",
      headers: { authorization: "Bearer sk-test", "content-type": "application/json" },
    });
  }
});

test("OpenAI Responses posts to {base}/responses with Bearer auth", () => {
  expect(callTo(openaiResponsesTarget, "https://api.openai.com/v1/", "gpt-5", true, "sk-test")).toEqual({
    url: "https://api.openai.com/v1/responses",
    headers: { authorization: "Bearer sk-test", "content-type": "application/json", accept: "text/event-stream" },
  });
});

test("Anthropic posts to {base}/messages with x-api-key and anthropic-version", () => {
  expect(callTo(anthropicTarget, "https://api.anthropic.com/v1/", "claude-sonnet-4-5", true, "sk-ant-test")).toEqual({
    url: "https://api.anthropic.com/v1/messages",
    headers: { "content-type": "application/json", "x-api-key": "sk-ant-test", "anthropic-version": "2023-06-01" },
  });
});

test("Gemini targets generateContent, or streamGenerateContent with alt=sse, and sends the key as x-goog-api-key", () => {
  expect(callTo(geminiTarget, "https://generativelanguage.googleapis.com/v1beta/", "gemini-2.5-flash", false, "k")).toEqual({
    url: "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent",
    headers: { "content-type": "application/json", "x-goog-api-key": "k" },
  });
  expect(geminiTarget.url("https://generativelanguage.googleapis.com/v1", "models/gemini-2.5-pro", true)).toBe(
    "https://generativelanguage.googleapis.com/v1/models/gemini-2.5-pro:streamGenerateContent?alt=sse",
  );
});

test("a Gemini base URL without an API version gets v1beta, for calls and the model list alike", () => {
  expect(geminiTarget.url("https://proxy.example.com/google", "gemini-2.5-flash", false)).toBe("https://proxy.example.com/google/v1beta/models/gemini-2.5-flash:generateContent");
  expect(geminiTarget.models.url("https://proxy.example.com/google/")).toBe("https://proxy.example.com/google/v1beta/models");
});

test("an endpoint of another format than its channel type's is reached as that format's own API; an unknown type has no target", () => {
  expect(targetFor("openai-chat", "anthropic")).toBe(anthropicTarget);
  expect(targetFor("gemini", "gemini")).toBe(geminiTarget);
  expect(targetFor("antigravity", "gemini")).toBe(antigravityTarget);
  expect(targetFor("no-such-type", "openai-chat")).toBeUndefined();
  expect(CHANNEL_TYPES.map((t) => t.type)).toEqual(["openai-chat", "openai-responses", "anthropic", "gemini", "antigravity"]);
});

test("every format is reachable from a channel of any relayed type: the type named after the format is its own API", () => {
  for (const format of FORMATS) {
    expect(targetFor("openai-chat", format)).toBe(CHANNEL_TYPES.find((t) => t.type === format)!.target!);
    expect(targetFor("anthropic", format)).toBeDefined();
  }
  expect(targetFor("openai-chat", "openai-responses")).toBe(openaiResponsesTarget);
  expect(targetFor("anthropic", "openai-chat")).toBe(openaiChatTarget);
});

test("Antigravity calls {base}/v1internal:generateContent, or :streamGenerateContent with alt=sse, with a Bearer token; a base URL ending in /v1internal works too", () => {
  const base = "https://daily-cloudcode-pa.sandbox.googleapis.com";
  expect(callTo(antigravityTarget, base, "claude-sonnet-4-5", false, "ya29.token")).toMatchObject({
    url: `${base}/v1internal:generateContent`,
    headers: { authorization: "Bearer ya29.token", "content-type": "application/json" },
  });
  expect(antigravityTarget.url(`${base}/v1internal/`, "gemini-2.5-flash", true)).toBe(`${base}/v1internal:streamGenerateContent?alt=sse`);
  expect(antigravityTarget.models.url(base)).toBe(`${base}/v1internal:fetchAvailableModels`);
});

test("the Antigravity envelope names the model and project around the Gemini body, and answers come out of their response wrapper", () => {
  const body = { contents: [{ role: "user", parts: [{ text: "hi" }] }] };
  const wrapped = antigravityTarget.envelope!.wrap(body, "gemini-2.5-flash", { token: "ya29.t", project: "proj-1" });
  expect(wrapped).toMatchObject({ model: "gemini-2.5-flash", project: "proj-1", requestType: "agent", request: body });
  expect(wrapped.requestId).toMatch(/^agent-[0-9a-f-]{36}$/);
  const answer = { candidates: [], usageMetadata: { promptTokenCount: 1 } };
  expect(antigravityTarget.envelope!.unwrap({ response: answer, traceId: "t" })).toEqual(answer);
  // Errors come bare, as Google's.
  const error = { error: { code: 401, message: "no", status: "UNAUTHENTICATED" } };
  expect(antigravityTarget.envelope!.unwrap(error)).toEqual(error);
});
