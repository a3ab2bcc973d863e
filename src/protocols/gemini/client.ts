/** What the relay reads of a generateContent request before decoding it. */
import { keyHeader, missingField, positive, type Json } from "../client-request";

export const missingContent = (body: Json) => missingField(body, "contents");

export const maxOutputTokens = (body: Json) => positive((body.generationConfig as Json | undefined)?.maxOutputTokens);

/**
 * Gemini CLI (@google/gemini-cli-core 0.61.0, src/core/contentGenerator.ts) sends no session id on
 * the Gemini API, only `x-gemini-api-privileged-user-id`, its installation id (while usage
 * statistics are on): requests of one machine stay together.
 */
export const conversationKey = (_body: Json, headers: Headers) => keyHeader(headers, "x-gemini-api-privileged-user-id");
