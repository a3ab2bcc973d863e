/**
 * What the admin API answers, taken from the server's own types (type-only imports: nothing of
 * the server is bundled), shaped as the routes in src/admin present them.
 */
import type { ChannelTypeInfo as ChannelType } from "../../../src/channels/types";
import type { ApiKeyRow } from "../../../src/db/stores/apikeys";
import type { ChannelInput, ChannelRow } from "../../../src/db/stores/channels";
import type { GroupInput, GroupRow } from "../../../src/db/stores/groups";
import type { LogAttempt, LogEntry, LogFilter } from "../../../src/db/stores/logs";
import type { CatalogStatus } from "../../../src/accounting/catalog-status";
import type { PriceInput } from "../../../src/db/stores/prices";
import type { Counters } from "../../../src/db/stores/stats";
import type { SettingKey } from "../../../src/state/settings";

export type { ChannelType, ChannelInput, GroupInput, LogAttempt, LogFilter, Counters, SettingKey };

export interface UserInfo {
  id: number;
  username: string;
  /** Still signed in with the password Octopus was installed with. */
  default_password?: boolean;
}
export interface Session {
  token: string;
  expire_at: number;
}

/** A channel as listed: keys masked, each with its id to keep it on update. */
export type Channel = Omit<ChannelRow, "keys"> & { keys: { id: number; key: string; enabled: boolean; remark: string }[] };
export type Group = GroupRow;
export type GroupItem = GroupRow["items"][number];
export type BalanceMode = GroupInput["mode"];

export type ApiKey = Omit<ApiKeyRow, "key_hash"> & {
  /** The limits in force (the key's own, else the settings' defaults; 0 is none) and the use of them now. */
  rate_limits: { rpm: number; tpm: number; max_concurrency: number };
  rate_use: { rpm: number; tpm: number; concurrency: number };
};
export type CreatedApiKey = ApiKey & { key: string };

/** Counters of one key, with the share of input read from prompt caches (null without input). */
export type StatRow = Counters & { key: string; cache_hit_rate: number | null };

export type LogItem = Omit<LogEntry, "request_body" | "response_body"> & { id: number; channel: string };
export type LogDetail = LogEntry & { id: number; channel: string };
/** An entry from the live stream: sent before it is stored, so it has no id yet. */
export type LiveLogEntry = Omit<LogItem, "id">;
export interface LogPage {
  items: LogItem[];
  /** Exact up to 10,000; past it `total_capped` is set and it reads 10,000. */
  total: number;
  total_capped: boolean;
  /** `before_id` for the next page; null on the last. */
  next_before_id: number | null;
}

export type Price = Required<Omit<PriceInput, "model">> & { name: string; updated_at: number };
export type { CatalogStatus };
/** `at` is the moment of the attempt, as JSON turns a Date into. */
export type CatalogSyncResult = { ok: true; source: string; models: number; at: string } | { ok: false; source: string; reason: string; at: string };

export interface Setting {
  key: SettingKey;
  value: number | boolean | string;
  default: number | boolean | string;
  doc: string;
  type: "integer" | "boolean" | "string";
  /** Integer settings only. */
  min?: number;
  max?: number;
  pinned: boolean;
}

type HealthState = "ok" | "failed" | "cooling" | "disabled";
export interface ChannelHealth {
  channel_id: number;
  name: string;
  enabled: boolean;
  keys: { id: number; remark: string; state: HealthState; cooldown_until: number | null; last_error: string | null }[];
  /** `format`: what the base URL speaks (its own, or the channel type's). */
  endpoints: { url: string; format?: string; state: "ok" | "cooling"; latency_ms: number | null; cooldown_until: number | null; last_error: string | null }[];
  circuits: { key_id: number; model: string; state: string; failures: number; cooldown_until: number | null; last_error: string | null }[];
}
export interface GroupHealth {
  group_id: number;
  name: string;
  mode: BalanceMode;
  current?: { item_id: number; channel_id: number; model: string };
  last_served: { item_id: number; channel_id: number; model: string; at: number } | null;
  cooling: { channel_id: number; model: string; ready_at: number }[];
}
