/**
 * Lists the models a provider offers to one key, through the channel format's own API, bounded
 * in pages, bytes and time. Every failure is a ModelFetchError (see error.ts).
 */
import type { HeaderPair } from "../../db/schema/tables";
import type { Format } from "../../protocols/ir";
import { ADAPTERS } from "../../protocols";
import type { Authorizers } from "../authorizers";
import { AuthorizeError, type Credential, type ModelLister, type OutboundTarget } from "../target";
import { classifyStatus } from "../../routing/retry";
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
  /** For the whole listing, every page included (the authorize step too). */
  timeoutMs: number;
  /** The instance's, for the channel types that authorize their keys. */
  authorizers?: Authorizers;
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
  const signal = AbortSignal.any([AbortSignal.timeout(options.timeoutMs), ...(options.signal ? [options.signal] : [])]);
  const credential = await authorize(type.target, source, signal, options);
  const request = {
    format: type.format,
    source,
    headers: requestHeaders(type.target, credential.token, source),
    body: lister.body && JSON.stringify(lister.body(credential)),
    signal,
    options,
  };
  const maxPages = options.maxPages ?? MAX_PAGES;
  const ids = new Set<string>();
  let cursor: Record<string, string> = {};
  for (let page = 1; ; page++) {
    const url = pageUrl(lister, source.baseUrl, cursor);
    const body = await getJson(url, request);
    const read = lister.read(body);
    if (!read) throw new ModelFetchError("upstream", `${where(url, !!lister.body)} answered without a "${lister.field}" model list`);
    for (const id of read.ids) if (id !== "" && id.length <= MAX_MODEL_NAME) ids.add(id);
    if (!read.next) return [...ids];
    if (page >= maxPages) throw new ModelFetchError("upstream", `${where(url)}: the model list runs past ${maxPages} pages`);
    if (JSON.stringify(read.next) === JSON.stringify(cursor)) throw new ModelFetchError("upstream", `${where(url)}: the next-page cursor does not advance`);
    cursor = read.next;
  }
}

/** What the key becomes for a target that authorizes keys (as for the relay's calls); the key itself for the others. */
async function authorize(target: OutboundTarget, source: ModelSource, signal: AbortSignal, options: FetchModelsOptions): Promise<Credential> {
  if (!target.authorizer) return { token: source.key };
  const authorizer = options.authorizers?.of(target);
  if (!authorizer) throw new ModelFetchError("config", `model listing of ${source.type} channels needs the running instance`);
  try {
    return await authorizer.authorize(source.key, source.baseUrl, { signal, proxy: source.proxyUrl });
  } catch (error) {
    if (error instanceof AuthorizeError) throw new ModelFetchError(classifyStatus(error.status) === "auth" ? "rejected_key" : "upstream", error.message);
    throw new ModelFetchError("upstream", `authorizing the key failed: ${options.signal?.aborted ? "cancelled" : networkErrorReason(error, options.timeoutMs)}`);
  }
}

/** The target's auth headers (as the relay sends them), then the channel's own. */
function requestHeaders(target: OutboundTarget, token: string, source: ModelSource): Record<string, string> {
  const { "content-type": _json, ...auth } = target.headers(token, false);
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

/** The call without credentials or query, for messages. */
const where = (url: URL, post = false) => `${post ? "POST" : "GET"} ${url.origin}${url.pathname}`;

interface PageRequest {
  format: Format;
  source: ModelSource;
  headers: Record<string, string>;
  /** A listing by POST: its JSON body. */
  body?: string;
  signal: AbortSignal;
  options: FetchModelsOptions;
}

async function getJson(url: URL, { format, source, headers, body, signal, options }: PageRequest): Promise<unknown> {
  let response: Response;
  let text: string | undefined;
  try {
    const post = body !== undefined && { method: "POST", body, headers: { ...headers, "content-type": "application/json" } };
    response = await fetch(url, { headers, signal, redirect: "manual", ...post, ...(source.proxyUrl && { proxy: source.proxyUrl }) });
    text = await readCapped(response, response.ok ? (options.maxPageBytes ?? MAX_PAGE_BYTES) : MAX_ERROR_BYTES);
  } catch (error) {
    throw new ModelFetchError("upstream", `${where(url, body !== undefined)} failed: ${options.signal?.aborted ? "cancelled" : networkErrorReason(error, options.timeoutMs)}`);
  }
  if (!response.ok) {
    const error = ADAPTERS[format].decodeError(response.status, text ?? "");
    const message = providerMessage(error.message, source.key) ?? response.statusText;
    const kind = error.kind === "authentication" || error.kind === "permission" ? "rejected_key" : "upstream";
    throw new ModelFetchError(kind, `${where(url, body !== undefined)} answered HTTP ${response.status}${message ? `: ${message}` : ""}`);
  }
  if (text === undefined) throw new ModelFetchError("upstream", `${where(url, body !== undefined)} answered more than ${options.maxPageBytes ?? MAX_PAGE_BYTES} bytes`);
  try {
    return JSON.parse(text);
  } catch {
    throw new ModelFetchError("upstream", `${where(url, body !== undefined)} answered a body that is not JSON`);
  }
}

/** The provider's own words, on one line and short; an HTML error page says nothing useful. */
function providerMessage(message: string, key: string): string | undefined {
  const line = redact(message, [key]).replace(/\s+/g, " ").trim();
  if (line === "" || line.startsWith("<")) return undefined;
  return line.length > MAX_MESSAGE_CHARS ? `${line.slice(0, MAX_MESSAGE_CHARS)}…` : line;
}
