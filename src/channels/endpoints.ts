/**
 * A channel's endpoints by format: each base URL speaks its own `format`, or the channel type's.
 * A provider serving one account in two formats (OpenAI- and Anthropic-compatible) is one
 * channel, and a request goes to the endpoint of the client's format when there is one.
 */
import type { BaseUrl } from "../db/schema/tables";
import { FORMATS } from "../protocols/ir";
import { channelType } from "./types";

/** The format an endpoint of a channel of `type` speaks. */
export const endpointFormat = (type: string, entry: BaseUrl): string | undefined => entry.format ?? channelType(type)?.format;

/** The channel's own base URL, the first of its type's format: model listing and channel tests use it. */
export function ownBaseUrl(channel: { type: string; base_urls: BaseUrl[] }): string | undefined {
  const own = channelType(channel.type)?.format;
  return channel.base_urls.find((e) => endpointFormat(channel.type, e) === own)?.url;
}

/** What is wrong with `baseUrls` for a channel of a known `type` (named as `field`), or undefined. */
export function baseUrlsProblem(type: string, baseUrls: BaseUrl[], field = "base_urls"): string | undefined {
  const seen = new Set<string>();
  for (const [i, entry] of baseUrls.entries()) {
    if (entry.format !== undefined && !FORMATS.includes(entry.format))
      return `${field}[${i}].format must be one of ${FORMATS.join(", ")} (or left out for the channel type's)`;
    const id = `${endpointFormat(type, entry)} ${entry.url}`;
    if (seen.has(id)) return `${field}[${i}] repeats an earlier URL of the same format`;
    seen.add(id);
  }
  if (!ownBaseUrl({ type, base_urls: baseUrls }))
    return `${field} needs at least one URL of the channel type's format (${channelType(type)?.format}): requests in other formats are converted to it`;
  return undefined;
}
