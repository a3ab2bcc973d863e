/**
 * Reasoning as OpenAI-compatible providers spell it: `reasoning_content` (DeepSeek and most),
 * `reasoning` (OpenRouter, vLLM) or `reasoning_details` (OpenRouter's typed list, the only one
 * with signatures). A message or stream delta may carry several spellings of the same text, so
 * the typed list wins, then `reasoning_content`, then `reasoning`; but a typed list without text
 * (a signature that came in its own stream chunk, as this adapter streams it) takes the text of
 * the others.
 */
import { signatureFor, signatureFromClient, type IRThinkingPart, type Side } from "../ir";
import { isObject, type JSONObject } from "../json";

export interface WireReasoningDetail {
  type: "reasoning.text" | "reasoning.encrypted";
  text?: string;
  signature?: string;
  data?: string;
}

/** A client may send back other formats' signatures, wrapped (see ir.ts). */
function signed(part: IRThinkingPart, value: string, from: Side): IRThinkingPart {
  if (from === "channel") return { ...part, signature: { format: "openai-chat", value } };
  const { signature, redacted } = signatureFromClient("openai-chat", value);
  return { ...part, signature, ...((part.redacted || redacted) && { redacted: true }) };
}

function decodeDetail(d: unknown, from: Side): IRThinkingPart | undefined {
  if (!isObject(d)) return undefined;
  const text = typeof d.text === "string" ? d.text : typeof d.summary === "string" ? d.summary : "";
  if (d.type === "reasoning.encrypted" && typeof d.data === "string")
    return signed({ type: "thinking", text: "", redacted: true }, d.data, from);
  if (d.type !== "reasoning.text" && d.type !== "reasoning.summary") return undefined;
  const part: IRThinkingPart = { type: "thinking", text };
  return typeof d.signature === "string" && d.signature !== "" ? signed(part, d.signature, from) : part;
}

/** Thinking parts of a message or delta, in order; empty when it carries none. */
export function decodeReasoning(m: JSONObject, from: Side): IRThinkingPart[] {
  const raw = typeof m.reasoning_content === "string" ? m.reasoning_content : m.reasoning;
  const text = typeof raw === "string" ? raw : "";
  if (!Array.isArray(m.reasoning_details)) return text !== "" ? [{ type: "thinking", text }] : [];
  const parts = m.reasoning_details.flatMap((d) => decodeDetail(d, from) ?? []);
  const first = parts.find((p) => !p.redacted);
  if (first && parts.every((p) => p.text === "")) first.text = text;
  if (parts.length > 0) return parts;
  return text !== "" ? [{ type: "thinking", text }] : [];
}

/** A channel gets only openai-chat signatures back; a client gets every one (see ir.ts). */
const signatureOf = (p: IRThinkingPart, to: Side): string | undefined => signatureFor("openai-chat", to, p.signature, p.redacted);

export function encodeDetail(p: IRThinkingPart, to: Side): WireReasoningDetail {
  const signature = signatureOf(p, to);
  if (p.redacted && signature !== undefined) return { type: "reasoning.encrypted", data: signature };
  return signature === undefined ? { type: "reasoning.text", text: p.text } : { type: "reasoning.text", text: p.text, signature };
}

/** `reasoning_content` with all thinking text; `reasoning_details` too when a signature must survive. */
export function encodeReasoning(
  parts: IRThinkingPart[],
  to: Side,
): { reasoning_content?: string; reasoning_details?: WireReasoningDetail[] } {
  if (parts.length === 0) return {};
  const out: { reasoning_content?: string; reasoning_details?: WireReasoningDetail[] } = {
    reasoning_content: parts.map((p) => p.text).join(""),
  };
  if (parts.some((p) => signatureOf(p, to) !== undefined)) out.reasoning_details = parts.map((p) => encodeDetail(p, to));
  return out;
}
