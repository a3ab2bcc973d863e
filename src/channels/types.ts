/**
 * The channel types a user can add (served to the panel by `GET /api/v1/channel/types`), each an
 * outbound target in its own folder. Several types may speak one format; an OpenAI-compatible
 * provider is a type of its own that differs from `openai-chat` only in name and defaults.
 */
import type { Format } from "../protocols/ir";
import { anthropic } from "./anthropic";
import { antigravity } from "./antigravity";
import { gemini } from "./gemini";
import { openaiChat } from "./openai-chat";
import { openaiResponses } from "./openai-responses";
import type { ChannelType, OutboundTarget } from "./target";

export type { ChannelType } from "./target";

export const CHANNEL_TYPES: readonly ChannelType[] = [openaiChat, openaiResponses, anthropic, gemini, antigravity];

/** What `GET /api/v1/channel/types` tells the panel of each type. */
export type ChannelTypeInfo = Omit<ChannelType, "target">;
export const CHANNEL_TYPE_INFO: readonly ChannelTypeInfo[] = CHANNEL_TYPES.map(({ target: _target, ...info }) => info);

const BY_TYPE = new Map(CHANNEL_TYPES.map((t) => [t.type, t]));

export const channelType = (type: string) => BY_TYPE.get(type);

/** How a base URL that names its own format (not the type's) is reached: as that format's own API, the type named after it. */
const FORMAT_TARGETS = new Map(CHANNEL_TYPES.filter((t) => t.type === t.format && t.target).map((t) => [t.format, t.target!]));

/** The target of a channel of `type` for its endpoints of `format`; undefined when the type is not relayed. */
export function targetFor(type: string, format: Format): OutboundTarget | undefined {
  const own = BY_TYPE.get(type);
  if (!own?.target) return undefined;
  return own.format === format ? own.target : FORMAT_TARGETS.get(format);
}
