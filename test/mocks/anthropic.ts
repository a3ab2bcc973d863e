/**
 * A mock Anthropic Messages upstream that answers as api.anthropic.com does: `x-api-key` (or a
 * Bearer token, as recent SDKs send) checked with Anthropic's 401 body, `anthropic-version`
 * required, `POST /v1/messages` (also `?beta=true`) as JSON or named SSE events, `GET /v1/models`
 * paginated by `limit`/`after_id`/`before_id`, usage in Anthropic's arithmetic (input_tokens
 * excludes cache reads and writes), and Anthropic's error bodies for queued faults.
 * Responses are written by hand, independently of the adapter, so tests can check one against the other.
 */
import { sseFrame } from "../../src/protocols/sse";
import { bearerToken, mockUpstream, pieceByPiece } from "./plumbing";
import { SCENARIO, type MockFault, type MockOptions, type MockUpstream } from "./scenario";

type Json = Record<string, any>;
type StatusFault = Extract<MockFault, { kind: "status" }>;

/** Newest first, as the real route lists them. */
const DEFAULT_MODELS = ["claude-opus-4-7", "claude-sonnet-4-6", "claude-haiku-4-5-20251001"];
const MODEL_CREATED_AT = "2025-10-01T00:00:00Z";
const SIGNATURE = Buffer.from(`mock-signature:${SCENARIO.thinking}`).toString("base64");

const FAULT_ERRORS: Record<StatusFault["status"], [type: string, message: string]> = {
  400: ["invalid_request_error", "messages: at least one message is required"],
  401: ["authentication_error", "invalid x-api-key"],
  403: ["permission_error", "Your API key does not have permission to use the specified resource."],
  404: ["not_found_error", "model: claude-mock"],
  413: ["request_too_large", "Request exceeds the maximum allowed number of bytes."],
  // "We may also use invalid_request_error for other 4XX status codes" (API reference, errors).
  422: ["invalid_request_error", "Unprocessable request."],
  429: ["rate_limit_error", "This request would exceed the rate limit for your organization of 50 requests per minute."],
  500: ["api_error", "Internal server error"],
  502: ["api_error", "Bad gateway"],
  503: ["api_error", "Service unavailable"],
  529: ["overloaded_error", "Overloaded"],
};

const SCENARIO_USAGE = {
  input_tokens: SCENARIO.usage.inputTokens - SCENARIO.usage.cacheReadTokens - SCENARIO.usage.cacheWriteTokens,
  cache_creation_input_tokens: SCENARIO.usage.cacheWriteTokens,
  cache_read_input_tokens: SCENARIO.usage.cacheReadTokens,
};

/** Splits text the way a model streams it: a few pieces at word (or, for JSON, comma) boundaries. */
const pieces = (text: string, at: RegExp) => text.split(at).filter((p) => p !== "");

const displayName = (id: string) =>
  id
    .replace(/-\d{8}$/, "")
    .split("-")
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(" ")
    .replace(/(\d) (\d)/g, "$1.$2");

export function createAnthropicMock(opts: MockOptions): MockUpstream {
  const models = opts.models ?? DEFAULT_MODELS;
  /** The number of the request being answered, for its request-id. */
  let served = 0;

  const requestId = () => `req_011Mock${String(served).padStart(16, "0")}`;
  const json = (status: number, body: unknown, extra: Record<string, string> = {}) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { "content-type": "application/json", "request-id": requestId(), ...extra },
    });
  const error = (status: number, type: string, message: string, extra?: Record<string, string>) =>
    json(status, { type: "error", error: { type, message }, request_id: requestId() }, extra);
  const invalid = (message: string) => error(400, "invalid_request_error", message);

  function faultResponse(f: StatusFault): Response {
    const [type, message] = FAULT_ERRORS[f.status];
    return error(f.status, type, message, f.status === 429 ? { "retry-after": String(f.retryAfter ?? 1) } : {});
  }

  /** A body that sends `chunks` and then either ends or drops the connection. */
  function stream(chunks: string[], contentType: string, reset = false): Response {
    const headers = { "content-type": contentType, "cache-control": "no-cache", "request-id": requestId() };
    return new Response(pieceByPiece(chunks, reset), { status: 200, headers });
  }

  function authenticate(request: Request): Response | undefined {
    const key = request.headers.get("x-api-key") ?? bearerToken(request);
    if (key === undefined) return error(401, "authentication_error", "x-api-key header is required");
    if (key !== opts.apiKey) return error(401, "authentication_error", "invalid x-api-key");
    if (!request.headers.get("anthropic-version")) return invalid("anthropic-version: header is required");
  }

  /** The checks of the real API that the gateway's encoder must satisfy. */
  function validate(body: Json): string | undefined {
    if (typeof body.model !== "string") return "model: Field required";
    if (!Number.isInteger(body.max_tokens)) return "max_tokens: Field required";
    if (!Array.isArray(body.messages) || body.messages.length === 0) return "messages: Field required";
    const thinking = body.thinking?.type === "enabled" ? body.thinking : undefined;
    if (thinking && !(thinking.budget_tokens >= 1024)) return "thinking.enabled.budget_tokens: Input should be greater than or equal to 1024";
    if (thinking && body.max_tokens <= thinking.budget_tokens) return "`max_tokens` must be greater than `thinking.budget_tokens`.";
    if (thinking && body.temperature !== undefined && body.temperature !== 1)
      return "`temperature` may only be set to 1 when thinking is enabled.";
    if (thinking && (body.tool_choice?.type === "any" || body.tool_choice?.type === "tool"))
      return "Thinking may not be enabled when tool_choice forces tool use.";
    const turn = body.messages.findLast((m: Json) => m?.role === "assistant");
    const blocks: Json[] = Array.isArray(turn?.content) ? turn.content : [];
    if (thinking && blocks.some((b) => b?.type === "tool_use") && !["thinking", "redacted_thinking"].includes(blocks[0]?.type))
      return "messages: a final `assistant` message must start with a thinking block when thinking is enabled";
  }

  function messages(body: Json, fault: MockFault | undefined): Response {
    const problem = validate(body);
    if (problem) return invalid(problem);

    const id = `msg_01Mock${String(served).padStart(16, "0")}`;
    const last = body.messages.at(-1);
    const afterTool = Array.isArray(last?.content) && last.content.some((b: Json) => b?.type === "tool_result");
    const callsTool = !afterTool && Array.isArray(body.tools) && body.tools.length > 0;
    const thinks = body.thinking?.type === "enabled" || body.thinking?.type === "adaptive";
    const text = afterTool ? SCENARIO.afterTool : SCENARIO.text;
    const toolUse = { type: "tool_use", id: `toolu_01Mock${String(served).padStart(16, "0")}`, name: SCENARIO.toolCall.name, input: SCENARIO.toolCall.arguments };
    const stopReason = callsTool ? "tool_use" : "end_turn";
    const finalUsage = { ...SCENARIO_USAGE, output_tokens: SCENARIO.usage.outputTokens };

    if (body.stream !== true) {
      if (fault?.kind === "stream_error_first") return error(529, ...FAULT_ERRORS[529]);
      const message = {
        id,
        type: "message",
        role: "assistant",
        model: body.model,
        content: [
          ...(thinks ? [{ type: "thinking", thinking: SCENARIO.thinking, signature: SIGNATURE }] : []),
          callsTool ? toolUse : { type: "text", text },
        ],
        stop_reason: stopReason,
        stop_sequence: null,
        usage: { ...finalUsage, cache_creation: { ephemeral_5m_input_tokens: SCENARIO_USAGE.cache_creation_input_tokens, ephemeral_1h_input_tokens: 0 }, service_tier: "standard" },
      };
      if (fault?.kind === "reset_mid_stream") {
        const whole = JSON.stringify(message);
        return stream([whole.slice(0, whole.length / 2)], "application/json", true);
      }
      return json(200, message);
    }

    const event = (type: string, data: Json = {}) => sseFrame(JSON.stringify({ type, ...data }), type);
    if (fault?.kind === "stream_error_first") {
      return stream([event("error", { error: { type: "overloaded_error", message: "Overloaded" } })], "text/event-stream; charset=utf-8");
    }
    const frames = [
      event("message_start", {
        message: {
          id,
          type: "message",
          role: "assistant",
          model: body.model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: {
            ...SCENARIO_USAGE,
            cache_creation: { ephemeral_5m_input_tokens: SCENARIO_USAGE.cache_creation_input_tokens, ephemeral_1h_input_tokens: 0 },
            output_tokens: 1,
            service_tier: "standard",
          },
        },
      }),
    ];
    let blocks = 0;
    const block = (start: Json, deltas: Json[]) => {
      const index = blocks++;
      frames.push(event("content_block_start", { index, content_block: start }));
      if (index === 0) frames.push(event("ping"));
      for (const delta of deltas) frames.push(event("content_block_delta", { index, delta }));
      frames.push(event("content_block_stop", { index }));
    };
    if (thinks) {
      block({ type: "thinking", thinking: "", signature: "" }, [
        ...pieces(SCENARIO.thinking, /(?= )/).map((thinking) => ({ type: "thinking_delta", thinking })),
        { type: "signature_delta", signature: SIGNATURE },
      ]);
    }
    if (callsTool) {
      // The API opens with an empty partial_json, then streams the input a key at a time.
      block({ ...toolUse, input: {} }, ["", ...pieces(JSON.stringify(toolUse.input), /(?<=,)/)].map((partial_json) => ({ type: "input_json_delta", partial_json })));
    } else {
      block({ type: "text", text: "" }, pieces(text, /(?= )/).map((t) => ({ type: "text_delta", text: t })));
    }
    if (fault?.kind === "reset_mid_stream") return stream(frames.slice(0, 4), "text/event-stream; charset=utf-8", true);
    frames.push(event("message_delta", { delta: { stop_reason: stopReason, stop_sequence: null }, usage: finalUsage }));
    frames.push(event("message_stop"));
    return stream(frames, "text/event-stream; charset=utf-8");
  }

  function listModels(url: URL): Response {
    const limit = Number(url.searchParams.get("limit") ?? 20);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return invalid("limit: Input should be less than or equal to 1000");
    const afterId = url.searchParams.get("after_id");
    const beforeId = url.searchParams.get("before_id");
    let from = 0;
    let to = models.length;
    if (afterId !== null) from = models.indexOf(afterId) + 1;
    if (beforeId !== null) to = Math.max(0, models.indexOf(beforeId));
    // Pages run forward from after_id, or backward up to before_id.
    const page = beforeId !== null ? models.slice(Math.max(from, to - limit), to) : models.slice(from, from + limit);
    const hasMore = beforeId !== null ? to - limit > from : from + limit < to;
    const data = page.map((id) => ({ type: "model", id, display_name: displayName(id), created_at: MODEL_CREATED_AT }));
    return json(200, { data, has_more: hasMore, first_id: page[0] ?? null, last_id: page.at(-1) ?? null });
  }

  return mockUpstream(({ request, url, body, fault, served: n }) => {
    served = n;
    if (fault?.kind === "status") return faultResponse(fault);
    const denied = authenticate(request);
    if (denied) return denied;

    const route = `${request.method} ${url.pathname}`;
    if (route === "POST /v1/messages") {
      if (typeof body !== "object" || body === null || Array.isArray(body)) return invalid("There was an error parsing the body of your request.");
      return messages(body as Json, fault);
    }
    if (route === "GET /v1/models") return listModels(url);
    return error(404, "not_found_error", "Not found");
  });
}
