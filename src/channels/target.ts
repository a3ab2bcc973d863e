/** What a channel type is: an outbound target that speaks one format, with its own URL, auth and model listing. */
import type { Format } from "../protocols/ir";

export interface ModelPage {
  ids: string[];
  /** The query that fetches the next page; absent on the last one. */
  next?: Record<string, string>;
}

/** How a target lists its models: the list URL, the page size, and how pages chain. */
export interface ModelLister {
  /** The list URL for an endpoint's base URL. */
  url(base: string): string;
  /** Sent with every page: the largest page size the API allows. */
  query: Record<string, string>;
  /** Where the list sits in the body, for the error when it is missing. */
  field: string;
  /** One page's models; undefined when the body is not a model list. */
  read(body: unknown): ModelPage | undefined;
}

/** Where and how requests go to one endpoint: `base` is its base URL as the user entered it. */
export interface OutboundTarget {
  /** The URL of a generation call. */
  url(base: string, model: string, stream: boolean): string;
  /** Authentication and content headers, sent with every request (model lists included). */
  headers(apiKey: string, stream: boolean): Record<string, string>;
  models: ModelLister;
}

export interface ChannelType {
  type: string;
  name: string;
  /** The wire format the channel speaks; requests in other formats are converted to it. */
  format: Format;
  /** What the user enters as the base URL: the outbound path is appended to it. */
  default_base_url: string;
  /** How requests reach it; absent while the type is not relayed yet. */
  target?: OutboundTarget;
}

/** The URL and headers of a generation call to `model` at an endpoint `base` of `target`. */
export const callTo = (target: OutboundTarget, base: string, model: string, stream: boolean, apiKey: string) => ({
  url: target.url(base, model, stream),
  headers: target.headers(apiKey, stream),
});

/** Base URLs that end in the API version (as the SDKs expect): paths are appended without doubled slashes. */
export const under = (base: string, path: string) => `${base.replace(/\/+$/, "")}${path}`;
