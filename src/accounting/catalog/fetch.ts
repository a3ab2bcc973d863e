/**
 * Downloads and validates a catalog. Every failure becomes a short reason that names neither the
 * URL's credentials or query nor the body, so it is safe to log and show.
 */
import { parseCatalog, type PriceLookup } from "./parse";
import { networkErrorReason, readCapped } from "../../net";

export interface FetchCatalogOptions {
  timeoutMs?: number;
  /** Fewer priced models than this means a broken or truncated catalog: refused. */
  minModels?: number;
  maxBytes?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MIN_MODELS = 100;
const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;

export type FetchedCatalog = { ok: true; lookup: PriceLookup } | { ok: false; reason: string };

/** The URL without credentials, query or fragment; undefined when it is not http(s). */
export function displayUrl(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return undefined;
    return parsed.origin + parsed.pathname;
  } catch {
    return undefined;
  }
}

export async function fetchCatalog(url: string, options: FetchCatalogOptions = {}): Promise<FetchedCatalog> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const minModels = options.minModels ?? DEFAULT_MIN_MODELS;
  if (displayUrl(url) === undefined) return { ok: false, reason: "not an http(s) URL" };

  let body: string | undefined;
  try {
    const signal = AbortSignal.timeout(timeoutMs);
    const response = await fetch(url, { signal, headers: { accept: "application/json" } });
    if (!response.ok) {
      await response.body?.cancel();
      return { ok: false, reason: `HTTP ${response.status}` };
    }
    body = await readCapped(response, options.maxBytes ?? DEFAULT_MAX_BYTES);
  } catch (error) {
    return { ok: false, reason: networkErrorReason(error, timeoutMs) };
  }
  if (body === undefined) return { ok: false, reason: "response too large" };

  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, reason: "response is not JSON" };
  }
  const lookup = parseCatalog(json);
  if (lookup.byId.size < minModels) {
    return { ok: false, reason: `only ${lookup.byId.size} priced models (at least ${minModels} required)` };
  }
  return { ok: true, lookup };
}
