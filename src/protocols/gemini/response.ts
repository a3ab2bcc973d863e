/** Gemini GenerateContentResponse ⇄ IR response, and the helpers the stream path shares. */
import { badUpstream, type IRFinishReason, type IRPart, type IRResponse } from "../ir";
import { isObject } from "../json";
import { finishFromGemini, finishToGemini } from "./finish";
import { appendPart, partFromGemini, partsToGemini, type CallIds } from "./parts";
import type { GeminiCandidate, GeminiResponse } from "./types";
import { usageFromGemini, usageToGemini } from "./usage";

/** Gemini calls often have no id: make one from the response id and the call's position. */
export function responseCallIds(responseId: string): CallIds {
  let n = 0;
  return { call: (id) => id ?? `call_${responseId}_${n++}`, result: (id, name) => id ?? name };
}

/** Gemini API responses carry no timestamp (Vertex sends createTime): fall back to now. */
export function createdOf(res: GeminiResponse): number {
  const t = typeof res.createTime === "string" ? Date.parse(res.createTime) : NaN;
  return Math.floor((Number.isNaN(t) ? Date.now() : t) / 1000);
}

export const upstreamError = (message: string) => badUpstream(`Gemini upstream: ${message}`);

/** The candidate parts, read into IR parts with the given call ids. */
export function candidateParts(candidate: GeminiCandidate | undefined, ids: CallIds): IRPart[] {
  const raw = candidate?.content?.parts;
  if (raw === undefined) return [];
  try {
    if (!Array.isArray(raw)) throw new Error("candidates[0].content.parts must be an array");
    return raw.flatMap((p, j) => partFromGemini(p, `candidates[0].content.parts[${j}]`, ids, "channel") ?? []);
  } catch (e) {
    throw upstreamError((e as Error).message);
  }
}

/** A blocked prompt comes back with promptFeedback.blockReason and no candidates. */
export const blockedFinish = (res: GeminiResponse): IRFinishReason | undefined =>
  !res.candidates?.length && res.promptFeedback?.blockReason ? "content_filter" : undefined;

export function decodeResponse(body: unknown): IRResponse {
  if (!isObject(body)) throw upstreamError("response is not a JSON object");
  const res = body as GeminiResponse;
  const created = createdOf(res);
  const id = res.responseId ?? `gemini_${created}`;
  const candidate = res.candidates?.[0];
  const parts: IRPart[] = [];
  for (const p of candidateParts(candidate, responseCallIds(id))) appendPart(parts, p);
  const hasToolCalls = parts.some((p) => p.type === "tool_call");
  return {
    id,
    model: res.modelVersion ?? "",
    created,
    parts,
    finishReason: blockedFinish(res) ?? finishFromGemini(candidate?.finishReason ?? "STOP", hasToolCalls),
    usage: usageFromGemini(isObject(res.usageMetadata) ? res.usageMetadata : {}),
  };
}

export function encodeResponse(ir: IRResponse): GeminiResponse {
  const parts = partsToGemini(ir.parts, { to: "client" });
  const candidate: GeminiCandidate = {
    ...(parts.length > 0 && { content: { parts, role: "model" } }),
    finishReason: finishToGemini(ir.finishReason),
    index: 0,
  };
  return { candidates: [candidate], usageMetadata: usageToGemini(ir.usage), modelVersion: ir.model, responseId: ir.id };
}
