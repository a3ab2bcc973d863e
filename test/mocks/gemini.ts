/**
 * A Gemini API (generativelanguage.googleapis.com) stand-in that follows SCENARIO. Responses are
 * written by hand as Google writes them, independently of the gemini adapter it helps test.
 */
import { mockUpstream, pieceByPiece } from "./plumbing";
import { SCENARIO, type MockFault, type MockOptions, type MockUpstream } from "./scenario";

export const JSON_HEADERS = { "content-type": "application/json; charset=UTF-8", vary: "Origin, X-Origin, Referer" };
export const SSE_HEADERS = { "content-type": "text/event-stream", vary: "Origin, X-Origin, Referer" };
const MOCK_SIGNATURE = "CiQBcsjafMockThoughtSignatureForGeminiTests0123456789==";
const DEFAULT_MODELS = ["gemini-2.5-flash", "gemini-2.5-pro"];
const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 1000;

type Json = Record<string, any>;
type Part = Json;

export const googleError = (code: number, status: string, message: string, details?: Json[], headers: Record<string, string> = {}) =>
  Response.json({ error: { code, message, status, ...(details && { details }) } }, { status: code, headers: { ...JSON_HEADERS, ...headers } });

/** Google's front end answers some statuses itself, with an HTML page rather than JSON. */
const frontEndError = (status: number, title: string) =>
  new Response(
    `<!DOCTYPE html>\n<html lang=en>\n  <meta charset=utf-8>\n  <title>Error ${status} (${title})!!1</title>\n  <p><b>${status}.</b> <ins>That’s an error.</ins>\n`,
    { status, headers: { "content-type": "text/html; charset=UTF-8" } },
  );

export const INTERNAL_MESSAGE =
  "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting";
const OVERLOADED_MESSAGE = "The model is overloaded. Please try again later.";

export function faultResponse(fault: Extract<MockFault, { kind: "status" }>): Response {
  switch (fault.status) {
    case 400:
    case 422: // Google has no 422: invalid arguments are 400
      return googleError(400, "INVALID_ARGUMENT", "Request contains an invalid argument.");
    case 401:
      return googleError(
        401,
        "UNAUTHENTICATED",
        "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.",
      );
    case 403:
      return googleError(403, "PERMISSION_DENIED", "The caller does not have permission");
    case 404:
      return googleError(404, "NOT_FOUND", "Requested entity was not found.");
    case 413:
      return frontEndError(413, "Request Entity Too Large");
    case 429: {
      const retry = fault.retryAfter === undefined ? [] : [{ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: `${fault.retryAfter}s` }];
      return googleError(
        429,
        "RESOURCE_EXHAUSTED",
        "You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.",
        [{ "@type": "type.googleapis.com/google.rpc.Help", links: [{ description: "Learn more about Gemini API quotas", url: "https://ai.google.dev/gemini-api/docs/rate-limits" }] }, ...retry],
      );
    }
    case 500:
      return googleError(500, "INTERNAL", INTERNAL_MESSAGE);
    case 502:
      return frontEndError(502, "Bad Gateway");
    case 503:
    case 529: // Google has no 529: overload is 503
      return googleError(503, "UNAVAILABLE", OVERLOADED_MESSAGE);
  }
}

/** As the real list reports them: embedding and Imagen models cannot generateContent. */
function generationMethods(id: string): string[] {
  if (id.includes("embedding")) return ["embedContent"];
  if (id.startsWith("imagen")) return ["predict"];
  return ["generateContent", "countTokens", "createCachedContent", "batchGenerateContent"];
}

function modelInfo(id: string): Json {
  const displayName = id.replace(/^gemini/, "Gemini").replace(/-(\w)/g, (_m, c: string) => ` ${c.toUpperCase()}`);
  return {
    name: `models/${id}`,
    version: "001",
    displayName,
    description: `Mock of ${displayName}`,
    inputTokenLimit: 1048576,
    outputTokenLimit: 65536,
    supportedGenerationMethods: generationMethods(id),
    temperature: 1,
    topP: 0.95,
    topK: 64,
    maxTemperature: 2,
    thinking: true,
  };
}

const USAGE = SCENARIO.usage;
const PROMPT_DETAILS = [{ modality: "TEXT", tokenCount: USAGE.inputTokens }];
/** Gemini counts: promptTokenCount includes the cache; candidatesTokenCount excludes thoughts. */
const FINAL_USAGE = {
  promptTokenCount: USAGE.inputTokens,
  candidatesTokenCount: USAGE.outputTokens - USAGE.reasoningTokens,
  totalTokenCount: USAGE.inputTokens + USAGE.outputTokens,
  cachedContentTokenCount: USAGE.cacheReadTokens,
  promptTokensDetails: PROMPT_DETAILS,
  cacheTokensDetails: [{ modality: "TEXT", tokenCount: USAGE.cacheReadTokens }],
};
const PARTIAL_USAGE = { promptTokenCount: USAGE.inputTokens, totalTokenCount: USAGE.inputTokens, promptTokensDetails: PROMPT_DETAILS };

/** Splits text into n pieces at word boundaries, as a token stream would. */
function pieces(text: string, n: number): string[] {
  const words = text.split(/(?<= )/);
  const size = Math.ceil(words.length / n);
  return Array.from({ length: Math.ceil(words.length / size) }, (_, i) => words.slice(i * size, (i + 1) * size).join(""));
}

/**
 * The answer, as the chunks Gemini would stream: each chunk is a list of parts. `signThoughts`:
 * the thinking's signature rides on its last thought part (Claude's thinking, as Antigravity
 * serves it) rather than on the first part after the thoughts (Gemini's).
 */
function answerChunks(body: Json, signThoughts: boolean): Part[][] {
  const contents: Json[] = body.contents;
  const last = contents[contents.length - 1];
  const afterTool = (last.parts ?? []).some((p: Json) => p.functionResponse);
  const offersTools = (body.tools ?? []).some((t: Json) => t.functionDeclarations?.length);
  const thinking = body.generationConfig?.thinkingConfig?.includeThoughts === true;
  const thoughts = thinking ? pieces(SCENARIO.thinking, 2) : [];
  const chunks: Part[][] = thoughts.map((text, i) => [{ text, thought: true, ...(signThoughts && i === thoughts.length - 1 && { thoughtSignature: MOCK_SIGNATURE }) }]);
  if (offersTools && !afterTool) {
    const { name, arguments: args } = SCENARIO.toolCall;
    chunks.push([{ functionCall: { name, args }, thoughtSignature: MOCK_SIGNATURE }]);
  } else {
    const texts = pieces(afterTool ? SCENARIO.afterTool : SCENARIO.text, 3);
    // With thinking on, Gemini signs the first answer part that follows the thoughts.
    texts.forEach((text, i) => chunks.push([{ text, ...(thinking && !signThoughts && i === 0 && { thoughtSignature: MOCK_SIGNATURE }) }]));
  }
  return chunks;
}

/** Non-streamed, consecutive pieces of the same kind come back as one part. */
function mergeParts(chunks: Part[][]): Part[] {
  const out: Part[] = [];
  for (const part of chunks.flat()) {
    const prev = out[out.length - 1];
    const sameKind = prev && typeof prev.text === "string" && typeof part.text === "string" && !!prev.thought === !!part.thought;
    if (sameKind && !part.thoughtSignature) prev.text += part.text;
    else out.push({ ...part });
  }
  return out;
}

/** Gemini 3 rejects a replayed turn whose first function call lost its thought signature. */
export function missingSignature(contents: Json[]): string | undefined {
  let turnStart = 0;
  contents.forEach((c, i) => {
    if (c.role !== "model" && (c.parts ?? []).some((p: Json) => typeof p.text === "string")) turnStart = i;
  });
  for (let i = turnStart; i < contents.length; i++) {
    if (contents[i].role !== "model") continue;
    const first = (contents[i].parts ?? []).find((p: Json) => p.functionCall);
    if (first && !first.thoughtSignature) {
      return `Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly, and missing thought_signature may lead to degraded model performance. Additional data, function call \`default_api:${first.functionCall.name}\` , position ${i + 1}. Please refer to https://ai.google.dev/gemini-api/docs/thought-signatures for more details.`;
    }
  }
  return undefined;
}

export const sse = (body: Json) => `data: ${JSON.stringify(body)}\r\n\r\n`;

/**
 * The answer to a generateContent body: the whole response, and the chunks a stream sends
 * instead. `signThoughts` as for answerChunks.
 */
export function geminiAnswer(model: string, body: Json, responseId: string, signThoughts = false): { whole: Json; events: Json[] } {
  const tail = { modelVersion: model, responseId };
  const chunks = answerChunks(body, signThoughts);
  const whole = {
    candidates: [{ content: { parts: mergeParts(chunks), role: "model" }, finishReason: "STOP", index: 0 }],
    usageMetadata: FINAL_USAGE,
    ...tail,
  };
  const thinking = body.generationConfig?.thinkingConfig?.includeThoughts === true;
  const events: Json[] = [
    ...(thinking ? [tail] : []), // thinking mode opens with a chunk of neither candidates nor usage
    ...chunks.map((parts, i) => {
      const lastChunk = i === chunks.length - 1;
      return {
        candidates: [{ content: { parts, role: "model" }, ...(lastChunk && { finishReason: "STOP" }), index: 0 }],
        usageMetadata: lastChunk ? FINAL_USAGE : PARTIAL_USAGE,
        ...tail,
      };
    }),
  ];
  return { whole, events };
}

/** Google's answer to a body it cannot generate from; undefined when it can. */
export function requestProblem(body: Json): Response | undefined {
  if (!Array.isArray(body.contents) || body.contents.length === 0) {
    return googleError(400, "INVALID_ARGUMENT", "* GenerateContentRequest.contents: contents is not specified\n");
  }
  const unsigned = missingSignature(body.contents);
  if (unsigned) return googleError(400, "INVALID_ARGUMENT", unsigned);
  return undefined;
}

export function createGeminiMock(opts: MockOptions): MockUpstream {
  const models = opts.models ?? DEFAULT_MODELS;
  let served = 0;

  function generate(model: string, version: string, stream: boolean, sseMode: boolean, body: Json, fault?: MockFault): Response {
    if (opts.models && !models.includes(model)) {
      return googleError(
        404,
        "NOT_FOUND",
        `models/${model} is not found for API version ${version}, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.`,
      );
    }
    const problem = requestProblem(body);
    if (problem) return problem;
    const { whole, events } = geminiAnswer(model, body, `mockResp${++served}`);
    if (!stream) {
      if (fault?.kind === "reset_mid_stream") return new Response(pieceByPiece([JSON.stringify(whole).slice(0, 40)], true), { headers: JSON_HEADERS });
      return Response.json(whole, { headers: JSON_HEADERS });
    }
    if (!sseMode) return new Response(JSON.stringify(events), { headers: JSON_HEADERS }); // without alt=sse: one JSON array
    if (fault?.kind === "reset_mid_stream") return new Response(pieceByPiece([sse(events[0])], true), { headers: SSE_HEADERS });
    return new Response(events.map(sse).join(""), { headers: SSE_HEADERS });
  }

  function listModels(url: URL): Response {
    const size = Math.min(Number(url.searchParams.get("pageSize")) || DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
    const token = url.searchParams.get("pageToken");
    const offset = token ? Number(atob(token).replace(/^offset:/, "")) : 0;
    if (!Number.isInteger(offset) || offset < 0) return googleError(400, "INVALID_ARGUMENT", "Invalid page token.");
    const page = models.slice(offset, offset + size);
    const next = offset + size < models.length ? { nextPageToken: btoa(`offset:${offset + size}`) } : {};
    return Response.json({ models: page.map(modelInfo), ...next }, { headers: JSON_HEADERS });
  }

  async function handle(request: Request, url: URL, body: unknown, fault?: MockFault): Promise<Response> {
    const key = request.headers.get("x-goog-api-key") ?? url.searchParams.get("key");
    if (!key) {
      return googleError(
        403,
        "PERMISSION_DENIED",
        "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
      );
    }
    if (key !== opts.apiKey) {
      const message = "API key not valid. Please pass a valid API key.";
      return googleError(400, "INVALID_ARGUMENT", message, [
        { "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "API_KEY_INVALID", domain: "googleapis.com", metadata: { service: "generativelanguage.googleapis.com" } },
        { "@type": "type.googleapis.com/google.rpc.LocalizedMessage", locale: "en-US", message },
      ]);
    }
    const generateRoute = url.pathname.match(/^\/(v1beta|v1|v1alpha)\/models\/([^/:]+):(generateContent|streamGenerateContent)$/);
    if (generateRoute && request.method === "POST") {
      const [, version, model, action] = generateRoute;
      if (typeof body !== "object" || body === null || Array.isArray(body)) {
        return googleError(400, "INVALID_ARGUMENT", "Invalid JSON payload received. Unexpected token.");
      }
      const stream = action === "streamGenerateContent";
      if (stream && fault?.kind === "stream_error_first" && url.searchParams.get("alt") === "sse") {
        return new Response(sse({ error: { code: 500, message: INTERNAL_MESSAGE, status: "INTERNAL" } }), { headers: SSE_HEADERS });
      }
      if (fault?.kind === "stream_error_first") return googleError(500, "INTERNAL", INTERNAL_MESSAGE);
      return generate(model, version, stream, url.searchParams.get("alt") === "sse", body as Json, fault);
    }
    const modelRoute = url.pathname.match(/^\/(v1beta|v1|v1alpha)\/models(?:\/([^/:]+))?$/);
    if (modelRoute && request.method === "GET") {
      const [, version, model] = modelRoute;
      if (model === undefined) return listModels(url);
      if (models.includes(model)) return Response.json(modelInfo(model), { headers: JSON_HEADERS });
      return googleError(404, "NOT_FOUND", `models/${model} is not found for API version ${version}, or is not supported for GET.`);
    }
    return frontEndError(404, "Not Found");
  }

  return mockUpstream(({ request, url, body, fault }) =>
    fault?.kind === "status" ? faultResponse(fault) : handle(request, url, body, fault),
  );
}
