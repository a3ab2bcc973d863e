/**
 * Which channels may serve a group, in the order to try them. For now: the group's items in
 * order, each enabled channel with its first enabled key and first base URL. The balancing
 * modes, key rotation, endpoint choice and health replace this order, not its shape.
 */
import { channelType } from "../channels/types";
import type { ChannelKey, ChannelRow } from "../db/stores/channels";
import type { GroupRow } from "../db/stores/groups";
import { ADAPTERS } from "../protocols";
import type { Format } from "../protocols/ir";

export interface Candidate {
  channel: ChannelRow;
  format: Format;
  /** The model name the channel knows. */
  model: string;
  key: ChannelKey;
  baseUrl: string;
}

export function candidates(group: GroupRow, channels: ReadonlyMap<number, ChannelRow>): Candidate[] {
  const out: Candidate[] = [];
  for (const item of group.items) {
    const channel = channels.get(item.channel_id);
    if (!channel?.enabled) continue;
    const format = channelType(channel.type)?.format;
    if (!format || !(format in ADAPTERS)) continue;
    const key = channel.keys.find((k) => k.enabled);
    const baseUrl = channel.base_urls[0]?.url;
    if (!key || !baseUrl) continue;
    out.push({ channel, format: format as Format, model: item.model, key, baseUrl });
  }
  return out;
}
