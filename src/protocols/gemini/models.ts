import { badQuery, intParam, type ListedModel } from "../model-list";

/** What the Gemini routes serve: the list advertises exactly these. */
export const GEMINI_METHODS = ["generateContent", "streamGenerateContent"];

const token = (id: string) => Buffer.from(id).toString("base64url");

/** Gemini's `GET /v1beta/models`: `pageSize` (default 50, at most 1000) and `pageToken`. */
export function modelList(models: ListedModel[], query: URLSearchParams) {
  const size = intParam(query, "pageSize", 50, 1000);
  if (typeof size !== "number") return size;
  const pageToken = query.get("pageToken");
  const start = pageToken ? models.findIndex((m) => token(m.id) === pageToken) : 0;
  if (start === -1) return badQuery("pageToken is not one this list gave");
  const page = models.slice(start, start + size);
  const next = models[start + size];
  return {
    models: page.map(({ id }) => ({ name: `models/${id}`, displayName: id, supportedGenerationMethods: GEMINI_METHODS })),
    ...(next && { nextPageToken: token(next.id) }),
  };
}
