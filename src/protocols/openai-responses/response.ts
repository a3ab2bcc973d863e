/** Responses response object ⇄ IR response. */
import { ProtocolError, type IRPart, type IRResponse } from "../ir";
import { MODEL_FAILED, wireErrorOf } from "./errors";
import { isObject, list, num, obj, str, type JSONObject } from "./fields";
import {
  decodeUsage,
  finishOf,
  outputItems,
  reasoningText,
  responseId,
  responseObject,
  signatureOf,
  statusOf,
} from "./items";

/** One output item → IR parts; hosted-tool items (web_search_call, …) have no IR twin and are skipped. */
export function decodeOutputItem(item: JSONObject): IRPart[] {
  switch (item.type) {
    case "message":
      return list(item.content)
        .filter(isObject)
        .flatMap((part): IRPart[] => {
          if (part.type === "output_text") return [{ type: "text", text: str(part.text) ?? "" }];
          if (part.type === "refusal") return [{ type: "text", text: str(part.refusal) ?? "" }];
          return [];
        });
    case "function_call":
      return [{ type: "tool_call", id: str(item.call_id) ?? "", name: str(item.name) ?? "", arguments: str(item.arguments) || "{}" }];
    case "reasoning": {
      const signature = signatureOf(item.encrypted_content);
      return [{ type: "thinking", text: reasoningText(item), ...(signature ? { signature } : {}) }];
    }
    default:
      return [];
  }
}

export function decodeResponse(body: unknown): IRResponse {
  if (!isObject(body) || typeof body.id !== "string")
    throw new ProtocolError("server_error", "upstream sent no Responses object", 502);
  const parts = list(body.output).filter(isObject).flatMap(decodeOutputItem);
  return {
    id: body.id,
    model: str(body.model) ?? "",
    created: num(body.created_at),
    parts,
    finishReason: finishOf(body.status, obj(body.incomplete_details).reason, parts.some((p) => p.type === "tool_call")),
    usage: decodeUsage(body.usage),
  };
}

export function encodeResponse(response: IRResponse): unknown {
  const id = responseId(response.id);
  const { status, incomplete } = statusOf(response.finishReason);
  const error = status === "failed" ? wireErrorOf(MODEL_FAILED) : null;
  const shell = { id, model: response.model, created: response.created };
  return responseObject(shell, status, outputItems(response.parts, id), response.usage, error, incomplete);
}
