/**
 * Runtime settings: kept in the database, changed through the admin API, read from memory.
 * Only the keys listed here are visible or settable; internal keys (the JWT secret) are not.
 * An environment variable `OCTOPUS_SETTING_<KEY>` pins a setting for the life of the process
 * (e.g. `OCTOPUS_SETTING_MODEL_INFO_URL=` turns catalog syncs off on an offline machine).
 */
import { Type, type Static, type TSchema } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { fromText, mustBe } from "../schema-text";
import { defaultUpdateUrl } from "../update-check";

const integer = (fallback: number, minimum: number, maximum: number, description: string) =>
  Type.Integer({ default: fallback, minimum, maximum, description });
const boolean = (fallback: boolean, description: string) => Type.Boolean({ default: fallback, description });
const string = (fallback: string, description: string) => Type.String({ default: fallback, description });

/** Every setting with its type, default, bounds and doc, written once. */
export const SETTINGS_SCHEMA = Type.Object({
  relay_max_attempts: integer(3, 1, 10, "Upstream attempts per request at most"),
  relay_deadline: integer(300, 5, 3600, "Seconds a request may take across all attempts"),
  relay_first_byte_timeout: integer(60, 1, 600, "Seconds to wait for an upstream's first byte"),
  relay_stream_idle_timeout: integer(120, 1, 3600, "Seconds a stream may stay silent"),
  relay_log_enabled: boolean(true, "Write a log row per request"),
  relay_log_keep_days: integer(30, 1, 3650, "Days request logs are kept"),
  relay_log_capture_bodies: boolean(false, "Store request and response bodies with the logs"),
  relay_log_body_limit: integer(65536, 1024, 16777216, "Bytes of each captured body kept"),
  apikey_rpm: integer(0, 0, 1_000_000_000, "Requests per minute per API key without a limit of its own; 0 is none"),
  apikey_tpm: integer(0, 0, 1_000_000_000, "Tokens (input + output) per minute per API key without a limit of its own; 0 is none"),
  apikey_max_concurrency: integer(0, 0, 1_000_000, "Requests in flight per API key without a limit of its own; 0 is none"),
  stats_save_interval: integer(5, 1, 1440, "Minutes between stats flushes"),
  sync_llm_interval: integer(24, 1, 720, "Hours between model syncs of auto-sync channels"),
  model_info_update_interval: integer(24, 1, 720, "Hours between price catalog syncs"),
  model_info_url: string("https://models.dev/api.json", "Price catalog to sync from; empty turns syncing off"),
  metrics_token: string("", "Bearer token /metrics requires; empty: /metrics answers only on localhost"),
  update_check_url: string(defaultUpdateUrl(), "Latest-release URL of GitHub's API the update check asks; empty turns it off"),
});

export type SettingKey = keyof typeof SETTINGS_SCHEMA.properties;
export type SettingValues = Static<typeof SETTINGS_SCHEMA>;
type SettingValue = SettingValues[SettingKey];

/** A setting as the admin API lists it. */
export interface SettingSpec {
  type: "integer" | "boolean" | "string";
  default: SettingValue;
  doc: string;
  min?: number;
  max?: number;
}

const spec = (schema: TSchema): SettingSpec => ({
  type: schema.type,
  default: schema.default,
  doc: schema.description!,
  ...(schema.minimum !== undefined && { min: schema.minimum, max: schema.maximum }),
});

export const SETTINGS = Object.fromEntries(Object.entries(SETTINGS_SCHEMA.properties).map(([key, schema]) => [key, spec(schema)])) as Record<
  SettingKey,
  SettingSpec
>;

export const isSettingKey = (key: string): key is SettingKey => Object.hasOwn(SETTINGS_SCHEMA.properties, key);

/** Reads a setting from its stored or submitted form; throws a message naming the key when invalid. */
export function parseSetting(key: SettingKey, raw: unknown): SettingValue {
  const schema = SETTINGS_SCHEMA.properties[key];
  const value = fromText(schema, raw);
  if (!Value.Check(schema, value)) throw new Error(`${key} ${mustBe(schema)}`);
  return value;
}

export const settingEnvName = (key: SettingKey) => `OCTOPUS_SETTING_${key.toUpperCase()}`;

/** The settings pinned by the environment; an invalid value stops start-up with its name. */
export function pinnedSettings(env: Record<string, string | undefined>): Partial<Record<SettingKey, SettingValue>> {
  const pinned: Partial<Record<SettingKey, SettingValue>> = {};
  for (const key of Object.keys(SETTINGS) as SettingKey[]) {
    const raw = env[settingEnvName(key)];
    if (raw === undefined) continue;
    try {
      pinned[key] = parseSetting(key, raw);
    } catch (e) {
      throw new Error(`${settingEnvName(key)}: ${(e as Error).message}`);
    }
  }
  return pinned;
}

/** Pinned over stored over defaults; a stored value that no longer parses falls back to the default. */
export function resolveSettings(stored: Record<string, string>, pinned: ReturnType<typeof pinnedSettings> = {}): SettingValues {
  const values = {} as Record<SettingKey, unknown>;
  for (const key of Object.keys(SETTINGS) as SettingKey[]) {
    let value: unknown = SETTINGS[key].default;
    if (stored[key] !== undefined) {
      try {
        value = parseSetting(key, stored[key]);
      } catch {}
    }
    values[key] = pinned[key] ?? value;
  }
  return values as SettingValues;
}
