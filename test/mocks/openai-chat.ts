/**
 * A mock OpenAI Chat Completions upstream that answers as api.openai.com does: Bearer auth with
 * OpenAI's own 401 bodies, `POST /v1/chat/completions` (JSON or SSE chunks ending in
 * `data: [DONE]`, the usage chunk only with `stream_options.include_usage`), `GET /v1/models`
 * (one unpaginated list, as the real route is), and OpenAI's error bodies for queued faults.
 * Reasoning (when `reasoning_effort` is set) streams as DeepSeek-style `reasoning_content`.
 * Responses are written by hand, independently of the adapter, so tests can check one against the other.
 */
import { sseFrame } from "../../src/protocols/sse";
import { openaiAuthError } from "./openai-auth";
import { mockUpstream, pieceByPiece } from "./plumbing";
import { SCENARIO, type MockFault, type MockOptions, type MockUpstream } from "./scenario";

type Json = Record<string, unknown>;

const MODEL_CREATED = 1715367049;
const PIECES = 4;

const errorBody = (message: string, type: string, code: string | number | null = null, param: string | null = null) => ({
  error: { message, type, param, code },
});

const FAULT_BODIES: Record<Extract<MockFault, { kind: "status" }>["status"], object> = {
  400: errorBody("Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.", "invalid_request_error", "empty_array", "messages"),
  401: errorBody("Incorrect API key provided: sk-mo*********ault. You can find your API key at https://platform.openai.com/account/api-keys.", "invalid_request_error", "invalid_api_key"),
  403: errorBody("Country, region, or territory not supported", "request_forbidden", "unsupported_country_region_territory"),
  404: errorBody("The model `gpt-mock` does not exist or you do not have access to it.", "invalid_request_error", "model_not_found"),
  413: errorBody("Request too large: the request body exceeds the maximum size.", "invalid_request_error"),
  422: errorBody("Unprocessable request.", "invalid_request_error"),
  429: errorBody("Rate limit reached for gpt-4o-mini in organization org-mock on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s. Visit https://platform.openai.com/account/rate-limits to learn more.", "requests", "rate_limit_exceeded"),
  500: errorBody("The server had an error while processing your request. Sorry about that!", "server_error"),
  // Cloudflare in front of the API answers 502 with a numeric code.
  502: { error: { code: 502, message: "Bad gateway.", param: null, type: "cf_bad_gateway" } },
  503: errorBody("The server is overloaded or not ready yet.", "server_error"),
  529: errorBody("The server is overloaded or not ready yet.", "server_error"),
};

const wireUsage = () => {
  const u = SCENARIO.usage;
  return {
    prompt_tokens: u.inputTokens,
    completion_tokens: u.outputTokens,
    total_tokens: u.inputTokens + u.outputTokens,
    prompt_tokens_details: { cached_tokens: u.cacheReadTokens, cache_write_tokens: u.cacheWriteTokens, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: u.reasoningTokens, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
};

/** Splits text into `n` pieces of nearly equal length, as a model streams tokens. */
function pieces(text: string, n = PIECES): string[] {
  const size = Math.ceil(text.length / n);
  return Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size));
}

export function createOpenaiChatMock(opts: MockOptions): MockUpstream {
  const models = opts.models ?? ["gpt-4o-mini", "gpt-4o"];
  /** The number of the request being answered, for its x-request-id. */
  let served = 0;

  const headers = (contentType: string, extra: Record<string, string> = {}) => ({
    "content-type": contentType,
    "x-request-id": `req_mock${served}`,
    "openai-version": "2020-10-01",
    "openai-processing-ms": "12",
    ...extra,
  });
  const json = (status: number, body: unknown, extra?: Record<string, string>) =>
    new Response(JSON.stringify(body), { status, headers: headers("application/json", extra) });

  function faultResponse(f: Extract<MockFault, { kind: "status" }>): Response {
    const extra: Record<string, string> = {};
    if (f.status === 429) {
      extra["retry-after"] = String(f.retryAfter ?? 1);
      extra["x-ratelimit-limit-requests"] = "3";
      extra["x-ratelimit-remaining-requests"] = "0";
    }
    const body = f.message === undefined ? FAULT_BODIES[f.status] : errorBody(f.message, "invalid_request_error");
    return json(f.status, body, extra);
  }

  /** A body that sends `frames` and then either ends or drops the connection. */
  function stream(frames: string[], status: number, contentType: string, reset = false): Response {
    const extra: Record<string, string> = contentType.startsWith("text/event-stream") ? { "cache-control": "no-cache" } : {};
    return new Response(pieceByPiece(frames, reset), { status, headers: headers(contentType, extra) });
  }

  function chat(body: Json, fault: MockFault | undefined): Response {
    if (typeof body.model !== "string") return json(400, errorBody("you must provide a model parameter", "invalid_request_error"));
    if (!Array.isArray(body.messages))
      return json(400, errorBody("Missing required parameter: 'messages'.", "invalid_request_error", "missing_required_parameter", "messages"));

    const id = `chatcmpl-mock${served}`;
    const created = Math.floor(Date.now() / 1000);
    const model = body.model;
    const afterTool = (body.messages.at(-1) as Json | undefined)?.role === "tool";
    const callsTool = Array.isArray(body.tools) && body.tools.length > 0 && !afterTool;
    const thinks = typeof body.reasoning_effort === "string" && body.reasoning_effort !== "none";
    const text = afterTool ? SCENARIO.afterTool : SCENARIO.text;
    const toolCall = { id: `call_mock${served}`, type: "function", function: { name: SCENARIO.toolCall.name, arguments: JSON.stringify(SCENARIO.toolCall.arguments) } };
    const finishReason = callsTool ? "tool_calls" : "stop";

    if (body.stream !== true) {
      if (fault?.kind === "stream_error_first") return json(500, FAULT_BODIES[500]);
      const message = {
        role: "assistant",
        content: callsTool ? null : text,
        ...(thinks ? { reasoning_content: SCENARIO.thinking } : {}),
        ...(callsTool ? { tool_calls: [toolCall] } : {}),
        refusal: null,
        annotations: [],
      };
      const completion = {
        id,
        object: "chat.completion",
        created,
        model,
        choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason }],
        usage: wireUsage(),
        service_tier: "default",
        system_fingerprint: "fp_mock",
      };
      if (fault?.kind === "reset_mid_stream") {
        const whole = JSON.stringify(completion);
        return stream([whole.slice(0, whole.length / 2)], 200, "application/json", true);
      }
      return json(200, completion);
    }

    if (fault?.kind === "stream_error_first") return stream([sseFrame(JSON.stringify(FAULT_BODIES[500]))], 200, "text/event-stream; charset=utf-8");

    const includeUsage = (body.stream_options as Json | undefined)?.include_usage === true;
    const chunk = (delta: Json, finish: string | null = null) =>
      sseFrame(
        JSON.stringify({
          id,
          object: "chat.completion.chunk",
          created,
          model,
          service_tier: "default",
          system_fingerprint: "fp_mock",
          choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
          ...(includeUsage ? { usage: null } : {}),
        }),
      );

    const frames = [chunk({ role: "assistant", content: "", refusal: null })];
    if (thinks) frames.push(...pieces(SCENARIO.thinking).map((r) => chunk({ content: null, reasoning_content: r })));
    if (callsTool) {
      frames.push(chunk({ tool_calls: [{ index: 0, id: toolCall.id, type: "function", function: { name: toolCall.function.name, arguments: "" } }] }));
      frames.push(...pieces(toolCall.function.arguments).map((a) => chunk({ tool_calls: [{ index: 0, function: { arguments: a } }] })));
    } else {
      frames.push(...pieces(text).map((t) => chunk(thinks ? { content: t, reasoning_content: null } : { content: t })));
    }
    if (fault?.kind === "reset_mid_stream") return stream(frames.slice(0, 3), 200, "text/event-stream; charset=utf-8", true);
    frames.push(chunk({}, finishReason));
    if (includeUsage)
      frames.push(sseFrame(JSON.stringify({ id, object: "chat.completion.chunk", created, model, service_tier: "default", system_fingerprint: "fp_mock", choices: [], usage: wireUsage() })));
    frames.push(sseFrame("[DONE]"));
    return stream(frames, 200, "text/event-stream; charset=utf-8");
  }

  const modelObject = (id: string) => ({ id, object: "model", created: MODEL_CREATED, owned_by: "system" });

  return mockUpstream(({ request, url, body, fault, served: n }) => {
    served = n;
    if (fault?.kind === "status") return faultResponse(fault);
    const denied = openaiAuthError(request, opts.apiKey);
    if (denied) return json(401, errorBody(denied.message, denied.type, denied.code));

    const route = `${request.method} ${url.pathname}`;
    if (route === "POST /v1/chat/completions") {
      if (typeof body !== "object" || body === null || Array.isArray(body))
        return json(400, errorBody("We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)", "invalid_request_error"));
      return chat(body as Json, fault);
    }
    if (route === "GET /v1/models") return json(200, { object: "list", data: models.map(modelObject) });
    const single = request.method === "GET" ? url.pathname.match(/^\/v1\/models\/(.+)$/) : null;
    if (single) {
      const id = decodeURIComponent(single[1]);
      return models.includes(id)
        ? json(200, modelObject(id))
        : json(404, errorBody(`The model '${id}' does not exist`, "invalid_request_error", "model_not_found", "model"));
    }
    return json(404, errorBody(`Invalid URL (${request.method} ${url.pathname})`, "invalid_request_error"));
  });
}
