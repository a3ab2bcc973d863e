/** Responses response object ⇄ IR response. */
import { badUpstream, type IRPart, type IRRequest, type IRResponse } from "../ir";
import { asArray, asNumber, asObject, asString, isObject, type JSONObject } from "../json";
import { MODEL_FAILED, wireErrorOf } from "./errors";
import {
  decodeUsage,
  finishOf,
  outputItems,
  reasoningText,
  responseId,
  responseObject,
  statusOf,
  upstreamSignature,
} from "./items";

/** One output item → IR parts; hosted-tool items (web_search_call, …) have no IR twin and are skipped. */
export function decodeOutputItem(item: JSONObject): IRPart[] {
  switch (item.type) {
    case "message":
      return asArray(item.content)
        .filter(isObject)
        .flatMap((part): IRPart[] => {
          if (part.type === "output_text") return [{ type: "text", text: asString(part.text) ?? "" }];
          if (part.type === "refusal") return [{ type: "text", text: asString(part.refusal) ?? "" }];
          return [];
        });
    case "function_call":
      return [{ type: "tool_call", id: asString(item.call_id) ?? "", name: asString(item.name) ?? "", arguments: asString(item.arguments) || "{}" }];
    case "reasoning": {
      const signature = upstreamSignature(item.encrypted_content);
      return [{ type: "thinking", text: reasoningText(item), ...(signature ? { signature } : {}) }];
    }
    default:
      return [];
  }
}

export function decodeResponse(body: unknown): IRResponse {
  if (!isObject(body) || typeof body.id !== "string")
    throw badUpstream("upstream sent no Responses object");
  const parts = asArray(body.output).filter(isObject).flatMap(decodeOutputItem);
  return {
    id: body.id,
    model: asString(body.model) ?? "",
    created: asNumber(body.created_at),
    parts,
    finishReason: finishOf(body.status, asObject(body.incomplete_details).reason, parts.some((p) => p.type === "tool_call")),
    usage: decodeUsage(body.usage),
  };
}

/** `request`, the client's: calls to its namespaced and freeform tools go back in their shape. */
export function encodeResponse(response: IRResponse, request?: IRRequest): unknown {
  const id = responseId(response.id);
  const { status, incomplete } = statusOf(response.finishReason);
  const error = status === "failed" ? wireErrorOf(MODEL_FAILED) : null;
  const shell = { id, model: response.model, created: response.created };
  return responseObject(shell, status, outputItems(response.parts, id, request), response.usage, error, incomplete);
}
