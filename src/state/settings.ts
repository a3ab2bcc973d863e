/**
 * Runtime settings: kept in the database, changed through the admin API, read from memory.
 * Only the keys listed here are visible or settable; internal keys (the JWT secret) are not.
 * An environment variable `OCTOPUS_SETTING_<KEY>` pins a setting for the life of the process
 * (e.g. `OCTOPUS_SETTING_MODEL_INFO_URL=` turns catalog syncs off on an offline machine).
 */
import { defaultUpdateUrl } from "../update-check";

export interface SettingSpec {
  type: "integer" | "boolean" | "string";
  default: number | boolean | string;
  doc: string;
  min?: number;
  max?: number;
}

export const SETTINGS = {
  relay_max_attempts: { type: "integer", default: 3, min: 1, max: 10, doc: "Upstream attempts per request at most" },
  relay_deadline: { type: "integer", default: 300, min: 5, max: 3600, doc: "Seconds a request may take across all attempts" },
  relay_first_byte_timeout: { type: "integer", default: 60, min: 1, max: 600, doc: "Seconds to wait for an upstream's first byte" },
  relay_stream_idle_timeout: { type: "integer", default: 120, min: 1, max: 3600, doc: "Seconds a stream may stay silent" },
  relay_log_enabled: { type: "boolean", default: true, doc: "Write a log row per request" },
  relay_log_keep_days: { type: "integer", default: 30, min: 1, max: 3650, doc: "Days request logs are kept" },
  relay_log_capture_bodies: { type: "boolean", default: false, doc: "Store request and response bodies with the logs" },
  relay_log_body_limit: { type: "integer", default: 65536, min: 1024, max: 16777216, doc: "Bytes of each captured body kept" },
  apikey_rpm: { type: "integer", default: 0, min: 0, max: 1_000_000_000, doc: "Requests per minute per API key without a limit of its own; 0 is none" },
  apikey_tpm: { type: "integer", default: 0, min: 0, max: 1_000_000_000, doc: "Tokens (input + output) per minute per API key without a limit of its own; 0 is none" },
  apikey_max_concurrency: { type: "integer", default: 0, min: 0, max: 1_000_000, doc: "Requests in flight per API key without a limit of its own; 0 is none" },
  stats_save_interval: { type: "integer", default: 5, min: 1, max: 1440, doc: "Minutes between stats flushes" },
  sync_llm_interval: { type: "integer", default: 24, min: 1, max: 720, doc: "Hours between model syncs of auto-sync channels" },
  model_info_update_interval: { type: "integer", default: 24, min: 1, max: 720, doc: "Hours between price catalog syncs" },
  model_info_url: { type: "string", default: "https://models.dev/api.json", doc: "Price catalog to sync from; empty turns syncing off" },
  metrics_token: { type: "string", default: "", doc: "Bearer token /metrics requires; empty: /metrics answers only on localhost" },
  update_check_url: {
    type: "string",
    default: defaultUpdateUrl(),
    doc: "Latest-release URL of GitHub's API the update check asks; empty turns it off",
  },
} satisfies Record<string, SettingSpec>;

export type SettingKey = keyof typeof SETTINGS;
export type SettingValues = { -readonly [K in SettingKey]: (typeof SETTINGS)[K]["default"] };

export const isSettingKey = (key: string): key is SettingKey => Object.hasOwn(SETTINGS, key);

/** Reads a setting from its stored or submitted form; throws a message naming the key when invalid. */
export function parseSetting(key: SettingKey, raw: unknown): number | boolean | string {
  const spec: SettingSpec = SETTINGS[key];
  const text = typeof raw === "string" ? raw.trim() : raw;
  if (spec.type === "integer") {
    const n = typeof text === "number" ? text : typeof text === "string" && /^-?\d+$/.test(text) ? Number(text) : NaN;
    if (!Number.isInteger(n)) throw new Error(`${key} must be an integer`);
    if (n < spec.min! || n > spec.max!) throw new Error(`${key} must be between ${spec.min} and ${spec.max}`);
    return n;
  }
  if (spec.type === "boolean") {
    if (text === true || text === "true") return true;
    if (text === false || text === "false") return false;
    throw new Error(`${key} must be true or false`);
  }
  if (typeof raw !== "string") throw new Error(`${key} must be a string`);
  return raw;
}

export const settingEnvName = (key: SettingKey) => `OCTOPUS_SETTING_${key.toUpperCase()}`;

/** The settings pinned by the environment; an invalid value stops start-up with its name. */
export function pinnedSettings(env: Record<string, string | undefined>): Partial<Record<SettingKey, number | boolean | string>> {
  const pinned: Partial<Record<SettingKey, number | boolean | string>> = {};
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
