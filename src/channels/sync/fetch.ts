/**
 * Lists the models a provider offers to one key, through the channel format's own API, bounded
 * in pages, bytes and time. Every failure is a ModelFetchError (see error.ts).
 */
import type { HeaderPair } from "../../db/schema/tables";
import type { Format } from "../../protocols/ir";
import { ADAPTERS } from "../../protocols";
import type { ModelLister, OutboundTarget } from "../target";
import { channelType } from "../types";
import { ModelFetchError } from "./error";
import { networkErrorReason, readCapped } from "../../net";
import { redact } from "../../secrets";

export interface ModelSource {
  /** The channel type, e.g. `anthropic`. */
  type: string;
  baseUrl: string;
  key: string;
  proxyUrl?: string;
  customHeaders?: HeaderPair[];
}

export interface FetchModelsOptions {
  /** For the whole listing, every page included. */
  timeoutMs: number;
  signal?: AbortSignal;
  maxPages?: number;
  maxPageBytes?: number;
}

const MAX_PAGES = 50;
const MAX_PAGE_BYTES = 16 * 1024 * 1024;
const MAX_ERROR_BYTES = 64 * 1024;
const MAX_MESSAGE_CHARS = 300;
/** A channel's model names are stored up to this length. */
const MAX_MODEL_NAME = 255;

/** The listed model names, de-duplicated, in the provider's order. */
export async function fetchModels(source: ModelSource, options: FetchModelsOptions): Promise<string[]> {
  const type = channelType(source.type);
  if (!type?.target) throw new ModelFetchError("config", `model listing is not supported for ${source.type} channels`);
  const lister = type.target.models;
  const request = {
    format: type.format,
    source,
    headers: requestHeaders(type.target, source),
    signal: AbortSignal.any([AbortSignal.timeout(options.timeoutMs), ...(options.signal ? [options.signal] : [])]),
    options,
  };
  const maxPages = options.maxPages ?? MAX_PAGES;
  const ids = new Set<string>();
  let cursor: Record<string, string> = {};
  for (let page = 1; ; page++) {
    const url = pageUrl(lister, source.baseUrl, cursor);
    const body = await getJson(url, request);
    const read = lister.read(body);
    if (!read) throw new ModelFetchError("upstream", `${where(url)} answered without a "${lister.field}" model list`);
    for (const id of read.ids) if (id !== "" && id.length <= MAX_MODEL_NAME) ids.add(id);
    if (!read.next) return [...ids];
    if (page >= maxPages) throw new ModelFetchError("upstream", `${where(url)}: the model list runs past ${maxPages} pages`);
    if (JSON.stringify(read.next) === JSON.stringify(cursor)) throw new ModelFetchError("upstream", `${where(url)}: the next-page cursor does not advance`);
    cursor = read.next;
  }
}

/** The target's auth headers (as the relay sends them), then the channel's own. */
function requestHeaders(target: OutboundTarget, source: ModelSource): Record<string, string> {
  const { "content-type": _json, ...auth } = target.headers(source.key, false);
  const headers: Record<string, string> = { accept: "application/json", ...auth };
  for (const { key, value } of source.customHeaders ?? []) headers[key.toLowerCase()] = value;
  return headers;
}

function pageUrl(lister: ModelLister, base: string, cursor: Record<string, string>): URL {
  let url: URL;
  try {
    url = new URL(lister.url(base));
  } catch {
    throw new ModelFetchError("config", "the base URL is not a valid URL");
  }
  for (const [name, value] of Object.entries({ ...lister.query, ...cursor })) url.searchParams.set(name, value);
  return url;
}

/** The URL without credentials or query, for messages. */
const where = (url: URL) => `GET ${url.origin}${url.pathname}`;

interface PageRequest {
  format: Format;
  source: ModelSource;
  headers: Record<string, string>;
  signal: AbortSignal;
  options: FetchModelsOptions;
}

async function getJson(url: URL, { format, source, headers, signal, options }: PageRequest): Promise<unknown> {
  let response: Response;
  let text: string | undefined;
  try {
    response = await fetch(url, { headers, signal, redirect: "manual", ...(source.proxyUrl && { proxy: source.proxyUrl }) });
    text = await readCapped(response, response.ok ? (options.maxPageBytes ?? MAX_PAGE_BYTES) : MAX_ERROR_BYTES);
  } catch (error) {
    throw new ModelFetchError("upstream", `${where(url)} failed: ${options.signal?.aborted ? "cancelled" : networkErrorReason(error, options.timeoutMs)}`);
  }
  if (!response.ok) {
    const error = ADAPTERS[format].decodeError(response.status, text ?? "");
    const message = providerMessage(error.message, source.key) ?? response.statusText;
    const kind = error.kind === "authentication" || error.kind === "permission" ? "rejected_key" : "upstream";
    throw new ModelFetchError(kind, `${where(url)} answered HTTP ${response.status}${message ? `: ${message}` : ""}`);
  }
  if (text === undefined) throw new ModelFetchError("upstream", `${where(url)} answered more than ${options.maxPageBytes ?? MAX_PAGE_BYTES} bytes`);
  try {
    return JSON.parse(text);
  } catch {
    throw new ModelFetchError("upstream", `${where(url)} answered a body that is not JSON`);
  }
}

/** The provider's own words, on one line and short; an HTML error page says nothing useful. */
function providerMessage(message: string, key: string): string | undefined {
  const line = redact(message, [key]).replace(/\s+/g, " ").trim();
  if (line === "" || line.startsWith("<")) return undefined;
  return line.length > MAX_MESSAGE_CHARS ? `${line.slice(0, MAX_MESSAGE_CHARS)}…` : line;
}
