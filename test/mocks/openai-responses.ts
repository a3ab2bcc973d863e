/**
 * A mock OpenAI Responses upstream (`POST /v1/responses`, `GET /v1/models`), written by hand from
 * the API reference and captured traffic, independent of the adapter it tests:
 * - Bearer auth with OpenAI's own 401 bodies; error bodies `{"error":{message,type,param,code}}`.
 * - Streams as `event: <type>` + `data: {...}` with `sequence_number`, fields in the API's
 *   alphabetical order, `obfuscation` on deltas, no `[DONE]`, ending in `response.completed`.
 * - A reasoning item comes first when `reasoning` is requested: summaries only when
 *   `reasoning.summary` is set, `encrypted_content` only when `include` asks for it.
 * - The models list is one page (`{"object":"list","data":[…]}`): OpenAI does not paginate it.
 */
import { openaiAuthError } from "./openai-auth";
import { mockUpstream, pieceByPiece } from "./plumbing";
import { SCENARIO, type MockFault, type MockOptions, type MockUpstream } from "./scenario";

type Json = Record<string, any>;

const COMMON_HEADERS = { "openai-version": "2020-10-01", "openai-processing-ms": "42" };

function errorResponse(status: number, error: Json, headers: Record<string, string> = {}): Response {
  return Response.json({ error: { param: null, code: null, ...error } }, { status, headers: { ...COMMON_HEADERS, ...headers } });
}

const STATUS_ERRORS: Record<number, Json> = {
  400: { message: "Invalid value for 'input'.", type: "invalid_request_error", param: "input", code: "invalid_value" },
  401: { message: "Incorrect API key provided: sk-***. You can find your API key at https://platform.openai.com/account/api-keys.", type: "invalid_request_error", code: "invalid_api_key" },
  403: { message: "Country, region, or territory not supported", type: "request_forbidden", code: "unsupported_country_region_territory" },
  404: { message: "The model `mock-model` does not exist or you do not have access to it.", type: "invalid_request_error", code: "model_not_found" },
  413: { message: "Request too large. The request body exceeds the maximum size.", type: "invalid_request_error" },
  422: { message: "Unprocessable entity.", type: "invalid_request_error" },
  429: {
    message: "Rate limit reached for requests in organization org-mock on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s. Visit https://platform.openai.com/account/rate-limits to learn more.",
    type: "requests",
    code: "rate_limit_exceeded",
  },
  500: { message: "The server had an error while processing your request. Sorry about that!", type: "server_error" },
  503: { message: "The engine is currently overloaded, please try again later.", type: "server_error" },
  // OpenAI never sends 529; answer it like its own overload.
  529: { message: "The engine is currently overloaded, please try again later.", type: "server_error" },
};

/** OpenAI's 502s come from its proxy as an HTML page, not JSON. */
const BAD_GATEWAY_HTML = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n";

function statusFault(fault: Extract<MockFault, { kind: "status" }>): Response {
  const headers: Record<string, string> = fault.retryAfter === undefined ? {} : { "retry-after": String(fault.retryAfter) };
  if (fault.status === 429)
    Object.assign(headers, { "x-ratelimit-limit-requests": "3", "x-ratelimit-remaining-requests": "0", "x-ratelimit-reset-requests": "20s" });
  if (fault.status === 502)
    return new Response(BAD_GATEWAY_HTML, { status: 502, headers: { "content-type": "text/html", ...headers } });
  return errorResponse(fault.status, STATUS_ERRORS[fault.status], headers);
}

/** Splits text into streamed pieces the way tokens arrive: a word and its trailing space. */
const pieces = (text: string) => text.match(/\S+\s*|\s+/g) ?? [text];
const chunks = (text: string, size: number) => Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size));

interface Plan {
  reasoning?: { summary: boolean; encrypted: boolean };
  text?: string;
  toolCall?: boolean;
}

function planOf(body: Json): Plan {
  const input = Array.isArray(body.input) ? body.input : [];
  const afterTool = input.length > 0 && input[input.length - 1]?.type === "function_call_output";
  const reasoning =
    body.reasoning && body.reasoning.effort !== "none"
      ? { summary: body.reasoning.summary != null, encrypted: Array.isArray(body.include) && body.include.includes("reasoning.encrypted_content") }
      : undefined;
  if (afterTool) return { reasoning, text: SCENARIO.afterTool };
  if (Array.isArray(body.tools) && body.tools.length > 0) return { reasoning, toolCall: true };
  return { reasoning, text: SCENARIO.text };
}

function usage() {
  const u = SCENARIO.usage;
  return {
    input_tokens: u.inputTokens,
    input_tokens_details: { cache_write_tokens: u.cacheWriteTokens, cached_tokens: u.cacheReadTokens },
    output_tokens: u.outputTokens,
    output_tokens_details: { reasoning_tokens: u.reasoningTokens },
    total_tokens: u.inputTokens + u.outputTokens,
  };
}

/** The ids of one response; every item id shares its suffix, as OpenAI's do. */
function idsOf(n: number) {
  const suffix = `0d3f${n.toString(16).padStart(12, "0")}`;
  return { response: `resp_${suffix}`, reasoning: `rs_${suffix}a1`, message: `msg_${suffix}b2`, call: `fc_${suffix}c3`, callId: `call_mock${n}` };
}

const ENCRYPTED = "gAAAAABmockEncryptedReasoning0123456789abcdefghijklmnopqrstuvwxyz==";

const outputText = (text: string) => ({ type: "output_text", annotations: [], logprobs: [], text });
const reasoningItem = (id: string, plan: NonNullable<Plan["reasoning"]>, summary: string) => ({
  id,
  type: "reasoning",
  ...(plan.encrypted ? { encrypted_content: ENCRYPTED } : {}),
  summary: plan.summary && summary ? [{ type: "summary_text", text: summary }] : [],
});
const messageItem = (id: string, status: string, text?: string) => ({
  id,
  type: "message",
  status,
  content: text === undefined ? [] : [outputText(text)],
  role: "assistant",
});
const callItem = (id: string, callId: string, status: string, args: string) => ({
  id,
  type: "function_call",
  status,
  arguments: args,
  call_id: callId,
  name: SCENARIO.toolCall.name,
});

function outputOf(plan: Plan, ids: ReturnType<typeof idsOf>): Json[] {
  const output: Json[] = [];
  if (plan.reasoning) output.push(reasoningItem(ids.reasoning, plan.reasoning, SCENARIO.thinking));
  if (plan.text !== undefined) output.push(messageItem(ids.message, "completed", plan.text));
  if (plan.toolCall) output.push(callItem(ids.call, ids.callId, "completed", JSON.stringify(SCENARIO.toolCall.arguments)));
  return output;
}

function responseObject(body: Json, id: string, created: number, status: string, output: Json[], withUsage: boolean): Json {
  return {
    id,
    object: "response",
    created_at: created,
    status,
    background: false,
    billing: { payer: "developer" },
    completed_at: status === "completed" ? created + 1 : null,
    error: null,
    frequency_penalty: 0.0,
    incomplete_details: null,
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    max_tool_calls: null,
    model: body.model,
    output,
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    presence_penalty: 0.0,
    previous_response_id: null,
    prompt_cache_key: null,
    prompt_cache_retention: null,
    reasoning: { effort: body.reasoning?.effort ?? null, summary: body.reasoning?.summary ?? null },
    safety_identifier: null,
    service_tier: "default",
    store: body.store ?? true,
    temperature: body.temperature ?? 1.0,
    text: { format: body.text?.format ?? { type: "text" }, verbosity: "medium" },
    tool_choice: body.tool_choice ?? "auto",
    tools: (Array.isArray(body.tools) ? body.tools : []).map((t: Json) => ({
      type: t.type,
      description: t.description ?? null,
      name: t.name,
      parameters: t.parameters ?? null,
      strict: t.strict ?? true,
    })),
    top_logprobs: 0,
    top_p: body.top_p ?? 1.0,
    truncation: "disabled",
    usage: withUsage ? usage() : null,
    user: null,
    metadata: {},
  };
}

/** The frames of a full stream, in order. */
function streamEvents(body: Json, plan: Plan, ids: ReturnType<typeof idsOf>, created: number): string[] {
  const frames: string[] = [];
  let sequence = 0;
  const emit = (type: string, fields: Json) => {
    const sorted = Object.fromEntries(Object.entries({ ...fields, sequence_number: sequence++ }).sort(([a], [b]) => a.localeCompare(b)));
    frames.push(`event: ${type}\ndata: ${JSON.stringify({ type, ...sorted })}\n\n`);
  };
  const obfuscation = (delta: string) => "x".repeat(Math.max(1, 16 - delta.length));
  const shell = responseObject(body, ids.response, created, "in_progress", [], false);
  emit("response.created", { response: shell });
  emit("response.in_progress", { response: shell });

  let index = 0;
  if (plan.reasoning) {
    const at = { item_id: ids.reasoning, output_index: index };
    emit("response.output_item.added", { item: reasoningItem(ids.reasoning, plan.reasoning, ""), output_index: index });
    if (plan.reasoning.summary) {
      const part = (text: string) => ({ type: "summary_text", text });
      emit("response.reasoning_summary_part.added", { ...at, part: part(""), summary_index: 0 });
      for (const delta of pieces(SCENARIO.thinking))
        emit("response.reasoning_summary_text.delta", { ...at, delta, obfuscation: obfuscation(delta), summary_index: 0 });
      emit("response.reasoning_summary_text.done", { ...at, summary_index: 0, text: SCENARIO.thinking });
      emit("response.reasoning_summary_part.done", { ...at, part: part(SCENARIO.thinking), summary_index: 0 });
    }
    emit("response.output_item.done", { item: reasoningItem(ids.reasoning, plan.reasoning, SCENARIO.thinking), output_index: index });
    index++;
  }
  if (plan.text !== undefined) {
    const at = { item_id: ids.message, output_index: index };
    emit("response.output_item.added", { item: messageItem(ids.message, "in_progress"), output_index: index });
    emit("response.content_part.added", { ...at, content_index: 0, part: outputText("") });
    for (const delta of pieces(plan.text))
      emit("response.output_text.delta", { ...at, content_index: 0, delta, logprobs: [], obfuscation: obfuscation(delta) });
    emit("response.output_text.done", { ...at, content_index: 0, logprobs: [], text: plan.text });
    emit("response.content_part.done", { ...at, content_index: 0, part: outputText(plan.text) });
    emit("response.output_item.done", { item: messageItem(ids.message, "completed", plan.text), output_index: index });
  }
  if (plan.toolCall) {
    const args = JSON.stringify(SCENARIO.toolCall.arguments);
    const at = { item_id: ids.call, output_index: index };
    emit("response.output_item.added", { item: callItem(ids.call, ids.callId, "in_progress", ""), output_index: index });
    for (const delta of chunks(args, 9))
      emit("response.function_call_arguments.delta", { ...at, delta, obfuscation: obfuscation(delta) });
    emit("response.function_call_arguments.done", { ...at, arguments: args, name: SCENARIO.toolCall.name });
    emit("response.output_item.done", { item: callItem(ids.call, ids.callId, "completed", args), output_index: index });
  }
  emit("response.completed", { response: responseObject(body, ids.response, created, "completed", outputOf(plan, ids), true) });
  return frames;
}

export function createOpenaiResponsesMock(opts: MockOptions): MockUpstream {
  const models = opts.models ?? ["gpt-5", "gpt-4.1-mini"];
  let served = 0;

  async function createResponse(raw: string, fault: MockFault | undefined): Promise<Response> {
    let request: Json;
    try {
      request = JSON.parse(raw);
    } catch {
      return errorResponse(400, {
        message:
          "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)",
        type: "invalid_request_error",
      });
    }
    if (typeof request.model !== "string")
      return errorResponse(400, {
        message: "Missing required parameter: 'model'.",
        type: "invalid_request_error",
        param: "model",
        code: "missing_required_parameter",
      });

    const ids = idsOf(++served);
    const created = Math.floor(Date.now() / 1000);
    const plan = planOf(request);
    const headers = { ...COMMON_HEADERS, "x-request-id": `req_mock${served}` };

    if (request.stream !== true) {
      // A non-stream request cannot carry an in-band error: the API answers with an HTTP error.
      if (fault?.kind === "stream_error_first") return statusFault({ kind: "status", status: 500 });
      const json = JSON.stringify(responseObject(request, ids.response, created, "completed", outputOf(plan, ids), true), null, 2);
      const reset = fault?.kind === "reset_mid_stream";
      return new Response(pieceByPiece([reset ? json.slice(0, json.length >> 1) : json], reset), {
        headers: { ...headers, "content-type": "application/json" },
      });
    }

    const sse = { ...headers, "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" };
    if (fault?.kind === "stream_error_first") {
      const error = { type: "error", code: "server_error", message: STATUS_ERRORS[500].message, param: null, sequence_number: 0 };
      return new Response(pieceByPiece([`event: error\ndata: ${JSON.stringify(error)}\n\n`], false), { headers: sse });
    }
    const frames = streamEvents(request, plan, ids, created);
    // A reset keeps the opening events and a couple of deltas, then drops the connection.
    const cut = fault?.kind === "reset_mid_stream" ? frames.slice(0, frames.findIndex((f) => f.includes(".delta")) + 2) : frames;
    return new Response(pieceByPiece(cut, fault?.kind === "reset_mid_stream"), { headers: sse });
  }

  function modelsRoute(path: string): Response {
    const model = (id: string) => ({ id, object: "model", created: 1686935002, owned_by: "system" });
    if (path === "/v1/models") return Response.json({ object: "list", data: models.map(model) }, { headers: COMMON_HEADERS });
    const id = decodeURIComponent(path.slice("/v1/models/".length));
    if (models.includes(id)) return Response.json(model(id), { headers: COMMON_HEADERS });
    return errorResponse(404, { message: `The model '${id}' does not exist`, type: "invalid_request_error", param: "model", code: "model_not_found" });
  }

  return mockUpstream(({ request, url, raw, fault }) => {
    const denied = openaiAuthError(request, opts.apiKey);
    if (denied) return errorResponse(401, denied);
    if (fault?.kind === "status") return statusFault(fault);
    if (request.method === "POST" && url.pathname === "/v1/responses") return createResponse(raw, fault);
    if (request.method === "GET" && url.pathname.startsWith("/v1/models")) return modelsRoute(url.pathname);
    return errorResponse(404, { message: `Invalid URL (${request.method} ${url.pathname})`, type: "invalid_request_error" });
  });
}
