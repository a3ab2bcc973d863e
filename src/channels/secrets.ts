/**
 * A channel's secrets: its keys, custom header values named or shaped like credentials, and such
 * values inside `param_override`. The admin API shows them masked, takes their masks back as
 * "unchanged", and every message Octopus stores or logs has them redacted (see src/secrets.ts).
 */
import type { ChannelInput, ChannelRow } from "../db/stores/channels";
import { isSecret, mapSecrets, maskSecret } from "../secrets";

const AUTH_SCHEME = /^(?:Bearer|Basic|Token)\s+/i;

/** Every secret the channel holds, for redaction. */
export function secretsOf(channel: ChannelRow): string[] {
  const found = channel.keys.map((k) => k.key);
  const add = (value: string) => {
    found.push(value);
    const token = value.replace(AUTH_SCHEME, "");
    if (token !== value) found.push(token);
    return value;
  };
  for (const { key, value } of channel.custom_headers) if (isSecret(key, value)) add(value);
  if (channel.param_override !== "") mapSecrets(JSON.parse(channel.param_override), add);
  return found;
}

/** The channel as the admin API shows it: every secret masked. */
export function presentChannel({ keys, ...channel }: ChannelRow) {
  return {
    ...channel,
    keys: keys.map(({ key, channel_id: _c, ...k }) => ({ ...k, key: maskSecret(key) })),
    custom_headers: channel.custom_headers.map((h) => (isSecret(h.key, h.value) ? { ...h, value: maskSecret(h.value) } : h)),
    param_override: channel.param_override === "" ? "" : JSON.stringify(mapSecrets(JSON.parse(channel.param_override), maskSecret)),
  };
}

/** `sent` where it carries the mask of the value `stored` holds at the same place: `stored`. */
function restore(sent: unknown, stored: unknown): unknown {
  if (typeof sent === "string") return typeof stored === "string" && sent !== stored && sent === maskSecret(stored) ? stored : sent;
  if (Array.isArray(sent)) return sent.map((v, i) => restore(v, Array.isArray(stored) ? stored[i] : undefined));
  if (sent === null || typeof sent !== "object") return sent;
  const old = (stored !== null && typeof stored === "object" ? stored : {}) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(sent).map(([k, v]) => [k, restore(v, old[k])]));
}

/**
 * An update as the panel sends it, with the masks it was shown: a key (by id), a header value
 * (by header name) or a `param_override` value (by place) sent back as its mask stays as stored.
 */
export function keepStoredSecrets(input: Partial<ChannelInput>, stored: ChannelRow): Partial<ChannelInput> {
  const out = { ...input };
  if (input.keys) {
    const byId = new Map(stored.keys.map((k) => [k.id, k.key]));
    out.keys = input.keys.map(({ key, ...k }) => ({ ...k, key: restore(key, byId.get(k.id!)) as string | undefined }));
  }
  if (input.custom_headers) {
    const byName = new Map(stored.custom_headers.map((h) => [h.key.toLowerCase(), h.value]));
    out.custom_headers = input.custom_headers.map((h) => ({ ...h, value: restore(h.value, byName.get(h.key.toLowerCase())) as string }));
  }
  if (input.param_override && stored.param_override !== "")
    out.param_override = JSON.stringify(restore(JSON.parse(input.param_override), JSON.parse(stored.param_override)));
  return out;
}
