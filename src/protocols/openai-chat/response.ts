/** `chat.completion` ⇄ IR response. */
import { badUpstream, ProtocolError, type IRPart, type IRResponse } from "../ir";
import { asNumber, asString, compact, isObject } from "../json";
import { decodeContent } from "./content";
import { decodeErrorObject } from "./errors";
import { decodeFinish, encodeFinish, type WireFinishReason } from "./finish";
import { decodeToolCall, type WireToolCall } from "./messages";
import { decodeReasoning, encodeReasoning, type WireReasoningDetail } from "./reasoning";
import { decodeUsage, encodeUsage, type WireUsage } from "./usage";

export interface WireCompletion {
  id: string;
  object: "chat.completion";
  created: number;
  model: string;
  choices: {
    index: number;
    message: {
      role: "assistant";
      content: string | null;
      refusal: null;
      reasoning_content?: string;
      reasoning_details?: WireReasoningDetail[];
      tool_calls?: WireToolCall[];
    };
    logprobs: null;
    finish_reason: WireFinishReason;
  }[];
  usage: WireUsage;
}

export function decodeResponse(body: unknown): IRResponse {
  if (!isObject(body)) throw badUpstream("upstream response is not a JSON object");
  // Some compatible upstreams answer 200 with an error body.
  if (body.error != null) {
    const e = decodeErrorObject(body.error);
    throw new ProtocolError(e.kind, e.message, e.status);
  }
  const choice = Array.isArray(body.choices) ? body.choices[0] : undefined;
  if (!isObject(choice) || !isObject(choice.message)) throw badUpstream("upstream response has no choices[0].message");
  const m = choice.message;
  const parts: IRPart[] = decodeReasoning(m, "channel");
  try {
    if (m.content != null) parts.push(...decodeContent(m.content, "content", ["text", "refusal"]));
    if (typeof m.refusal === "string" && m.refusal !== "") parts.push({ type: "text", text: m.refusal });
    if (Array.isArray(m.tool_calls)) parts.push(...m.tool_calls.map((c, i) => decodeToolCall(c, `tool_calls[${i}]`)));
  } catch (e) {
    throw e instanceof ProtocolError ? badUpstream(`upstream response: ${e.message}`) : e;
  }
  return {
    id: asString(body.id) ?? "",
    model: asString(body.model) ?? "",
    created: asNumber(body.created),
    parts,
    finishReason: decodeFinish(choice.finish_reason, parts.some((p) => p.type === "tool_call")),
    usage: decodeUsage(body.usage),
  };
}

export function encodeResponse(r: IRResponse): WireCompletion {
  const text = r.parts.flatMap((p) => (p.type === "text" ? [p.text] : []));
  const calls: WireToolCall[] = r.parts.flatMap((p) =>
    p.type === "tool_call" ? [{ id: p.id, type: "function" as const, function: { name: p.name, arguments: p.arguments } }] : [],
  );
  return {
    id: r.id,
    object: "chat.completion",
    created: r.created,
    model: r.model,
    choices: [
      {
        index: 0,
        message: compact({
          role: "assistant" as const,
          content: text.length > 0 ? text.join("") : null,
          refusal: null,
          ...encodeReasoning(r.parts.filter((p) => p.type === "thinking"), "client"),
          tool_calls: calls.length > 0 ? calls : undefined,
        }),
        logprobs: null,
        finish_reason: encodeFinish(r.finishReason),
      },
    ],
    usage: encodeUsage(r.usage),
  };
}
