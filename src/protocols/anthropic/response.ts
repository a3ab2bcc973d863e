/** Anthropic Messages response ⇄ IR response. */
import type { IRPart, IRResponse } from "../ir";
import { array, object, string, type JSONObject } from "../json";
import { decodeBlock, encodeParts } from "./content";
import { upstreamFault } from "./errors";
import { finishOf, irUsageOf, messageIdOf, nowSeconds, stopReasonOf, wireUsageOf } from "./wire";

/** Blocks the IR cannot carry (server tool calls and their results) are left out. */
export function decodeResponse(body: unknown): IRResponse {
  try {
    const message = object(body, "message");
    const parts = array(message.content, "content")
      .map((block, i) => decodeBlock(block, `content[${i}]`, "channel"))
      .filter((p): p is IRPart => p !== undefined);
    return {
      id: string(message.id, "id"),
      model: string(message.model, "model"),
      created: nowSeconds(),
      parts,
      finishReason: finishOf(message.stop_reason),
      usage: irUsageOf(message.usage),
    };
  } catch (error) {
    throw upstreamFault(error);
  }
}

export function encodeResponse(response: IRResponse): JSONObject {
  return {
    id: messageIdOf(response.id),
    type: "message",
    role: "assistant",
    model: response.model,
    content: encodeParts(response.parts, "client"),
    stop_reason: stopReasonOf(response.finishReason),
    stop_sequence: null,
    usage: wireUsageOf(response.usage),
  };
}
