/** What the relay reads of a generateContent request before decoding it. */
import type { ClientApi, InboundContext } from "../adapter";
import { KIND_STATUS, type IRError } from "../ir";
import { GEMINI_METHODS } from "./models";
import { keyHeader, missingField, positive, type Json } from "../client-request";

export const missingContent = (body: Json) => missingField(body, "contents");

export const maxOutputTokens = (body: Json) => positive((body.generationConfig as Json | undefined)?.maxOutputTokens);

/**
 * Gemini CLI (@google/gemini-cli-core 0.61.0, src/core/contentGenerator.ts) sends no session id on
 * the Gemini API, only `x-gemini-api-privileged-user-id`, its installation id (while usage
 * statistics are on): requests of one machine stay together.
 */
export const conversationKey = (_body: Json, headers: Headers) => keyHeader(headers, "x-gemini-api-privileged-user-id");

/** Gemini names the model and the action in one path segment (`gemini-2.5-pro:streamGenerateContent`), already decoded by Elysia. */
function fromPath({ target }: Record<string, string>): InboundContext | IRError {
  const colon = target.lastIndexOf(":");
  const action = target.slice(colon + 1);
  if (colon <= 0 || !GEMINI_METHODS.includes(action))
    return { kind: "not_found", status: KIND_STATUS.not_found, message: `unknown method ${JSON.stringify(target)}` };
  return { model: target.slice(0, colon), stream: action === "streamGenerateContent" };
}

/**
 * `models/{model}:{action}` under /v1beta and /v1, and `publishers/google/models/{model}:{action}`
 * under /v1beta1 as Vertex AI's express mode names it (`@google/genai` with `vertexai` and an API
 * key; Amp CLI calls Gemini that way, under `/api/provider/google`). Its SDK lists models on
 * /v1beta, or on /v1 with its key header or `?key=`.
 */
export const CLIENT_API: ClientApi = {
  routes: [
    { path: "/v1beta/models/:target", fromPath },
    { path: "/v1/models/:target", fromPath },
    { path: "/v1beta1/publishers/google/models/:target", fromPath },
  ],
  modelLists: [
    { path: "/v1beta/models" },
    { path: "/v1/models", recognises: (request) => request.headers.has("x-goog-api-key") || new URL(request.url).searchParams.has("key") },
  ],
  ownsPath: (path) => /^\/v1beta1?\//.test(path) || /^\/v1\/models\/[^/]*:/.test(path),
};
