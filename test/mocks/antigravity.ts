/**
 * Google's Cloud Code internal API as Antigravity reaches it, under `/v1internal`: loadCodeAssist
 * (the account's project), fetchAvailableModels, generateContent and streamGenerateContent. It
 * checks the bearer token and the envelope (`{model, project, request}`) and answers what the
 * Gemini mock would (gemini.ts's builders), inside the `response` wrapper, each stream event too;
 * errors come bare, as Google's. Claude models sign their thinking on the thought part.
 */
import { bearerToken, mockUpstream } from "./plumbing";
import { faultResponse, geminiAnswer, googleError, INTERNAL_MESSAGE, JSON_HEADERS, requestProblem, sse, SSE_HEADERS } from "./gemini";
import type { MockUpstream } from "./scenario";

type Json = Record<string, any>;

export interface AntigravityMockOptions {
  /** Whether an access token is good (the OAuth mock's `live`, or a fixed token). */
  accepts(accessToken: string): boolean;
  /** The project loadCodeAssist names and every call must name. */
  project: string;
  models?: string[];
}

const DEFAULT_MODELS = ["gemini-2.5-flash", "claude-sonnet-4-5"];

const unauthenticated = () =>
  googleError(
    401,
    "UNAUTHENTICATED",
    "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.",
  );

const traceId = () => crypto.randomUUID().replace(/-/g, "").slice(0, 16);

export function createAntigravityMock(opts: AntigravityMockOptions): MockUpstream & { loadCodeAssistCalls: () => number } {
  const models = opts.models ?? DEFAULT_MODELS;
  let answered = 0;
  let loads = 0;

  function generate(body: unknown, stream: boolean, sseMode: boolean): Response {
    const envelope = body as Json;
    if (typeof envelope !== "object" || envelope === null || typeof envelope.request !== "object" || typeof envelope.model !== "string")
      return googleError(400, "INVALID_ARGUMENT", "Request contains an invalid argument.");
    if (envelope.project !== opts.project) return googleError(403, "PERMISSION_DENIED", `Permission denied on resource project ${envelope.project}.`);
    if (!models.includes(envelope.model)) return googleError(404, "NOT_FOUND", `Requested entity was not found.`);
    const problem = requestProblem(envelope.request);
    if (problem) return problem;
    const { whole, events } = geminiAnswer(envelope.model, envelope.request, `agMockResp${++answered}`, envelope.model.startsWith("claude"));
    const trace = traceId();
    if (!stream) return Response.json({ response: whole, traceId: trace }, { headers: JSON_HEADERS });
    if (!sseMode) return Response.json(events.map((response) => ({ response, traceId: trace })), { headers: JSON_HEADERS });
    return new Response(events.map((response) => sse({ response, traceId: trace })).join(""), { headers: SSE_HEADERS });
  }

  const mock = mockUpstream(({ request, url, body, fault }) => {
    const route = url.pathname.match(/^\/v1internal:(\w+)$/);
    if (!route || request.method !== "POST") return googleError(404, "NOT_FOUND", "Method not found.");
    const token = bearerToken(request);
    if (!token || !opts.accepts(token)) return unauthenticated();
    if (fault?.kind === "status") return faultResponse(fault);
    switch (route[1]) {
      case "loadCodeAssist":
        loads++;
        return Response.json(
          {
            currentTier: { id: "free-tier", name: "Antigravity", description: "Antigravity free tier" },
            allowedTiers: [{ id: "free-tier", name: "Antigravity", isDefault: true }],
            cloudaicompanionProject: opts.project,
            gcpManaged: false,
          },
          { headers: JSON_HEADERS },
        );
      case "fetchAvailableModels":
        if ((body as Json)?.project !== opts.project) return googleError(403, "PERMISSION_DENIED", "The caller does not have permission");
        return Response.json(
          { models: Object.fromEntries(models.map((id) => [id, { displayName: id, maxTokens: 200000, maxOutputTokens: 64000, quotaInfo: { remainingFraction: 1 } }])) },
          { headers: JSON_HEADERS },
        );
      case "generateContent":
        return generate(body, false, false);
      case "streamGenerateContent":
        if (fault?.kind === "stream_error_first") return new Response(sse({ error: { code: 500, message: INTERNAL_MESSAGE, status: "INTERNAL" } }), { headers: SSE_HEADERS });
        return generate(body, true, url.searchParams.get("alt") === "sse");
      default:
        return googleError(404, "NOT_FOUND", "Method not found.");
    }
  });
  return { ...mock, loadCodeAssistCalls: () => loads };
}
