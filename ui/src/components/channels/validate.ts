/**
 * The channel form as edited in the panel, its checks (the server's, made before sending so the
 * user sees them beside each field) and the request body it becomes. Pure: no DOM, no API.
 */
import type { ChannelBody } from "../../api/channels";
import type { Channel, ChannelType } from "../../api/types";
import type { Format } from "../../../../src/protocols/ir";

/**
 * The formats a base URL may speak instead of the channel type's (a provider with an OpenAI and an
 * Anthropic API): each format's own channel type, the one named after it, gives its label.
 */
export const urlFormats = (types: ChannelType[]): { value: Format; label: string }[] =>
  types.filter((type) => type.type === type.format).map((type) => ({ value: type.format, label: type.name }));

/** One base URL; `format` "" speaks the channel type's. */
export interface BaseUrlRow {
  url: string;
  format: Format | "";
}

export interface KeyRow {
  /** A stored key: kept by sending its id without `key`. */
  id?: number;
  /** The masked form the list shows, for stored keys. */
  masked?: string;
  /** A new secret typed in; for a stored key it replaces the secret. */
  key: string;
  remark: string;
  enabled: boolean;
}

export interface ChannelForm {
  name: string;
  type: string;
  enabled: boolean;
  base_urls: BaseUrlRow[];
  keys: KeyRow[];
  models: string[];
  model_filter: string;
  auto_sync: boolean;
  custom_headers: { key: string; value: string }[];
  param_override: string;
  proxy_url: string;
}

export type ProblemCode =
  | "required"
  | "tooLong"
  | "url"
  | "proxyUrl"
  | "regex"
  | "headerName"
  | "json"
  | "jsonObject"
  | "noKey"
  | "duplicate"
  | "noTypeFormat";
export interface Problem {
  code: ProblemCode;
  /** The parser's own words, for a JSON or regular expression error. */
  detail?: string;
}

export interface ChannelErrors {
  name?: Problem;
  type?: Problem;
  base_urls: (Problem | undefined)[];
  /** About the base URLs as a whole (none of the type's format). */
  baseUrlList?: Problem;
  keys: (Problem | undefined)[];
  /** About the key list as a whole (none given). */
  keyList?: Problem;
  model_filter?: Problem;
  custom_headers: (Problem | undefined)[];
  param_override?: Problem;
  proxy_url?: Problem;
}

export function emptyForm(type?: ChannelType): ChannelForm {
  return {
    name: "",
    type: type?.type ?? "",
    enabled: true,
    base_urls: [{ url: type?.default_base_url ?? "", format: "" }],
    keys: [{ key: "", remark: "", enabled: true }],
    models: [],
    model_filter: "",
    auto_sync: false,
    custom_headers: [],
    param_override: "",
    proxy_url: "",
  };
}

/** Pretty-prints a stored override so it reads well in the text area. */
function prettyJson(text: string): string {
  if (!text.trim()) return "";
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

export function formFromChannel(c: Channel): ChannelForm {
  return {
    name: c.name,
    type: c.type,
    enabled: c.enabled,
    base_urls: c.base_urls.length ? c.base_urls.map((b) => ({ url: b.url, format: b.format ?? "" })) : [{ url: "", format: "" }],
    keys: c.keys.map((k) => ({ id: k.id, masked: k.key, key: "", remark: k.remark, enabled: k.enabled })),
    models: [...c.models],
    model_filter: c.model_filter,
    auto_sync: c.auto_sync,
    custom_headers: c.custom_headers.map((h) => ({ ...h })),
    param_override: prettyJson(c.param_override),
    proxy_url: c.proxy_url,
  };
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function isUrl(value: string, protocols: string[]): boolean {
  try {
    return protocols.includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** The JSON parse error or shape problem of a param override; undefined when it is fine (or empty). */
export function checkParamOverride(text: string): Problem | undefined {
  if (!text.trim()) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return { code: "json", detail: (e as Error).message };
  }
  return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? undefined : { code: "jsonObject" };
}

export function checkRegex(pattern: string): Problem | undefined {
  if (!pattern) return undefined;
  try {
    new RegExp(pattern);
    return undefined;
  } catch (e) {
    return { code: "regex", detail: (e as Error).message };
  }
}

/** Whether a base URL row speaks the format of the channel type, whose format is `typeFormat`. */
const speaksType = (row: BaseUrlRow, typeFormat: string | undefined) => row.format === "" || row.format === typeFormat;

/** `typeFormat`: the format of the chosen channel type, when known. */
export function validateChannel(form: ChannelForm, typeFormat?: string): ChannelErrors {
  const seenUrls = new Set<string>();
  const errors: ChannelErrors = {
    name: !form.name.trim() ? { code: "required" } : form.name.trim().length > 128 ? { code: "tooLong" } : undefined,
    type: form.type ? undefined : { code: "required" },
    base_urls: form.base_urls.map((row) => {
      const url = row.url.trim();
      if (!url) return { code: "required" };
      if (!isUrl(url, ["http:", "https:"])) return { code: "url" };
      // One URL may serve two formats (OpenRouter's does); twice in one format is a slip.
      const id = `${row.format || typeFormat} ${url}`;
      if (seenUrls.has(id)) return { code: "duplicate" };
      seenUrls.add(id);
      return undefined;
    }),
    baseUrlList: typeFormat && !form.base_urls.some((row) => speaksType(row, typeFormat)) ? { code: "noTypeFormat" } : undefined,
    keys: form.keys.map((k) => (k.id === undefined && !k.key.trim() ? { code: "required" } : undefined)),
    keyList: form.keys.length === 0 ? { code: "noKey" } : undefined,
    model_filter: checkRegex(form.model_filter),
    custom_headers: form.custom_headers.map((h) => (!h.key.trim() ? { code: "required" } : HEADER_NAME.test(h.key.trim()) ? undefined : { code: "headerName" })),
    param_override: checkParamOverride(form.param_override),
    proxy_url: form.proxy_url.trim() && !isUrl(form.proxy_url.trim(), ["http:", "https:", "socks5:", "socks5h:"]) ? { code: "proxyUrl" } : undefined,
  };
  return errors;
}

export function hasProblems(errors: ChannelErrors): boolean {
  return Object.values(errors).some((v) => (Array.isArray(v) ? v.some(Boolean) : Boolean(v)));
}

/** The create/update body: stored keys by id (with a secret only when replaced), models de-duplicated. */
export function toChannelBody(form: ChannelForm): ChannelBody {
  return {
    name: form.name.trim(),
    type: form.type,
    enabled: form.enabled,
    base_urls: form.base_urls.map((row) => ({ url: row.url.trim(), ...(row.format && { format: row.format }) })),
    keys: form.keys.map((k) => ({
      ...(k.id !== undefined && { id: k.id }),
      ...(k.key.trim() && { key: k.key.trim() }),
      remark: k.remark.trim(),
      enabled: k.enabled,
    })),
    models: [...new Set(form.models.map((m) => m.trim()).filter(Boolean))],
    model_filter: form.model_filter,
    auto_sync: form.auto_sync,
    custom_headers: form.custom_headers.map((h) => ({ key: h.key.trim(), value: h.value })),
    param_override: form.param_override.trim(),
    proxy_url: form.proxy_url.trim(),
  };
}

/**
 * What "fetch models" sends: the form's first base URL of the type's format (`typeFormat`) and
 * connection settings, with the first typed key, or else the stored keys of the channel being edited.
 */
export function fetchModelsRequest(form: ChannelForm, channelId?: number, typeFormat?: string) {
  const typed = form.keys.find((k) => k.enabled && k.key.trim())?.key.trim();
  const usesStored = !typed && channelId !== undefined && form.keys.some((k) => k.id !== undefined);
  const baseUrl = form.base_urls.find((row) => speaksType(row, typeFormat))?.url.trim();
  if (!form.type || !baseUrl || (!typed && !usesStored)) return undefined;
  return {
    type: form.type,
    base_url: baseUrl,
    ...(typed ? { key: typed } : { channel_id: channelId }),
    ...(form.model_filter && { model_filter: form.model_filter }),
    ...(form.proxy_url.trim() && { proxy_url: form.proxy_url.trim() }),
    ...(form.custom_headers.length > 0 && { custom_headers: form.custom_headers.map((h) => ({ key: h.key.trim(), value: h.value })) }),
  };
}
