/**
 * Reasoning as OpenAI-compatible providers spell it: `reasoning_content` (DeepSeek and most),
 * `reasoning` (OpenRouter, vLLM) or `reasoning_details` (OpenRouter's typed list, the only one
 * with signatures). A message or stream delta may carry several spellings of the same text, so
 * the typed list wins, then `reasoning_content`, then `reasoning`.
 */
import type { IRThinkingPart } from "../ir";
import { isObject, type JSONObject } from "./json";

export interface WireReasoningDetail {
  type: "reasoning.text" | "reasoning.encrypted";
  text?: string;
  signature?: string;
  data?: string;
}

const signatureOf = (value: string) => ({ format: "openai-chat" as const, value });

function decodeDetail(d: unknown): IRThinkingPart | undefined {
  if (!isObject(d)) return undefined;
  const text = typeof d.text === "string" ? d.text : typeof d.summary === "string" ? d.summary : "";
  if (d.type === "reasoning.encrypted" && typeof d.data === "string")
    return { type: "thinking", text: "", redacted: true, signature: signatureOf(d.data) };
  if (d.type !== "reasoning.text" && d.type !== "reasoning.summary") return undefined;
  const part: IRThinkingPart = { type: "thinking", text };
  if (typeof d.signature === "string" && d.signature !== "") part.signature = signatureOf(d.signature);
  return part;
}

/** Thinking parts of a message or delta, in order; empty when it carries none. */
export function decodeReasoning(m: JSONObject): IRThinkingPart[] {
  if (Array.isArray(m.reasoning_details)) {
    const parts = m.reasoning_details.map(decodeDetail).filter((p) => p !== undefined);
    if (parts.length > 0) return parts;
  }
  const text = typeof m.reasoning_content === "string" ? m.reasoning_content : m.reasoning;
  return typeof text === "string" && text !== "" ? [{ type: "thinking", text }] : [];
}

/** Only a signature this format produced is replayed; others are dropped (see ir.ts). */
export const ownSignature = (p: IRThinkingPart): string | undefined =>
  p.signature?.format === "openai-chat" ? p.signature.value : undefined;

export function encodeDetail(p: IRThinkingPart): WireReasoningDetail {
  const signature = ownSignature(p);
  if (p.redacted && signature !== undefined) return { type: "reasoning.encrypted", data: signature };
  return signature === undefined ? { type: "reasoning.text", text: p.text } : { type: "reasoning.text", text: p.text, signature };
}

/** `reasoning_content` with all thinking text; `reasoning_details` too when a signature must survive. */
export function encodeReasoning(parts: IRThinkingPart[]): { reasoning_content?: string; reasoning_details?: WireReasoningDetail[] } {
  if (parts.length === 0) return {};
  const out: { reasoning_content?: string; reasoning_details?: WireReasoningDetail[] } = {
    reasoning_content: parts.map((p) => p.text).join(""),
  };
  if (parts.some((p) => ownSignature(p) !== undefined)) out.reasoning_details = parts.map(encodeDetail);
  return out;
}
