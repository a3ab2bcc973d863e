import { expect, test } from "bun:test";
import { geminiAdapter } from "./index";

test("upstream targets generateContent, or streamGenerateContent with alt=sse, and sends the key as x-goog-api-key", () => {
  expect(geminiAdapter.upstream("https://generativelanguage.googleapis.com/v1beta/", "gemini-2.5-flash", false, "k")).toEqual({
    url: "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent",
    headers: { "content-type": "application/json", "x-goog-api-key": "k" },
  });
  expect(geminiAdapter.upstream("https://generativelanguage.googleapis.com/v1", "models/gemini-2.5-pro", true, "k").url).toBe(
    "https://generativelanguage.googleapis.com/v1/models/gemini-2.5-pro:streamGenerateContent?alt=sse",
  );
});

test("a base URL without an API version gets v1beta", () => {
  expect(geminiAdapter.upstream("https://proxy.example.com/google", "gemini-2.5-flash", false, "k").url).toBe(
    "https://proxy.example.com/google/v1beta/models/gemini-2.5-flash:generateContent",
  );
});
