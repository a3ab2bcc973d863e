/**
 * What a channel type is: an outbound target that speaks one format, with its own URL, auth and
 * model listing, and for the types that need them an authorize step (a key exchanged for the
 * credential sent) and an envelope around its format's bodies. Types without them pay nothing.
 */
import type { Clock } from "../clock";
import type { Config } from "../config";
import type { Format } from "../protocols/ir";

type Json = Record<string, unknown>;

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
  /** An API that lists by `POST`: the JSON body sent (a `GET` without). */
  body?(credential: Credential): Json;
}

/** What one call is sent with: the token `headers` gets, and the account the envelope names. */
export interface Credential {
  token: string;
  /** The Google Cloud project an Antigravity account's calls name. */
  project?: string;
}

/**
 * A key that cannot be turned into a credential. `status` is what an upstream answer of the same
 * meaning would carry (401: the provider refused the key, so another key may serve; 502: the
 * provider failed); the message is the provider's error, never the key.
 */
export class AuthorizeError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** Turns a channel key into the credential of a call; one per instance, so it may cache. */
export interface Authorizer {
  /** `base`: the endpoint the call goes to. Throws AuthorizeError. */
  authorize(key: string, base: string, call: { signal: AbortSignal; proxy?: string }): Promise<Credential>;
  /** The upstream refused the credential `key` gave: whatever was cached for it is not to be sent again. */
  refused(key: string): void;
}

/** A target whose calls carry its format's bodies inside an envelope of its own, and whose answers come back in one. */
export interface Envelope {
  wrap(body: Json, model: string, credential: Credential): Json;
  /** A whole answer's body, out of its envelope. */
  unwrap(body: unknown): unknown;
}

/** Where and how requests go to one endpoint: `base` is its base URL as the user entered it. */
export interface OutboundTarget {
  /** The URL of a generation call. */
  url(base: string, model: string, stream: boolean): string;
  /** Authentication and content headers, sent with every request (model lists included). */
  headers(apiKey: string, stream: boolean): Record<string, string>;
  models: ModelLister;
  /** Keys that are not sent as they are (OAuth refresh tokens): the authorizer an instance makes once. */
  authorizer?(config: Config, clock: Clock): Authorizer;
  /** Bodies wrapped as the API expects; each stream event's data is unwrapped as a whole body is. */
  envelope?: Envelope;
}

export interface ChannelType {
  type: string;
  name: string;
  /** The wire format the channel speaks; requests in other formats are converted to it. */
  format: Format;
  /** What the user enters as the base URL: the outbound path is appended to it. */
  default_base_url: string;
  /** The provider allows this API only to its own clients and has suspended accounts used through others: the panel and README warn. */
  restricted?: true;
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
