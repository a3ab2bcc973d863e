/**
 * Downloads and validates a catalog. Every failure becomes a short reason that names neither the
 * URL's credentials or query nor the body, so it is safe to log and show.
 */
import { parseCatalog, type PriceLookup } from "./parse";

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
    return { ok: false, reason: describeNetworkError(error, timeoutMs) };
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

async function readCapped(response: Response, maxBytes: number): Promise<string | undefined> {
  if (Number(response.headers.get("content-length") ?? 0) > maxBytes) {
    await response.body?.cancel();
    return undefined;
  }
  if (!response.body) return "";
  const decoder = new TextDecoder();
  let text = "";
  let total = 0;
  for await (const chunk of response.body) {
    total += chunk.byteLength;
    if (total > maxBytes) return undefined;
    text += decoder.decode(chunk, { stream: true });
  }
  return text + decoder.decode();
}

/** Only the error's name or code: runtime messages may quote the URL. */
function describeNetworkError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return `timed out after ${timeoutMs} ms`;
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && /^[A-Za-z_]+$/.test(code)) return `network error (${code})`;
  return `network error (${error instanceof Error ? error.name : "unknown"})`;
}
