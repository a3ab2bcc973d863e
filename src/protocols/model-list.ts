/** What each format's adapter needs to write the client's model list in its API's shape and paging. */
import { KIND_STATUS, type IRError } from "./ir";

/** One name a client may send: `created` in milliseconds. */
export interface ListedModel {
  id: string;
  created: number;
}

/** A whole number query parameter within [min, max], its default when absent. */
export function intParam(query: URLSearchParams, name: string, fallback: number, max: number): number | IRError {
  const raw = query.get(name);
  if (raw === null || raw === "") return fallback;
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 && n <= max ? n : badQuery(`${name} must be a whole number from 1 to ${max}`);
}

export const badQuery = (message: string): IRError => ({ kind: "invalid_request", status: KIND_STATUS.invalid_request, message });
