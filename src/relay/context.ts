import type { ApiKeyRow } from "../db/stores/apikeys";
import type { IRError, IRUsage } from "../protocols/ir";
import type { AppState } from "../state";

/** One upstream try of a relayed request. */
export interface Attempt {
  channel_id: number;
  channel_name: string;
  key_remark: string;
  endpoint: string;
  status: number;
  error?: string;
  duration_ms: number;
}

/** What became of one client request: the accounting module turns it into stats, cost and a log row. */
export interface RelayOutcome {
  time: number;
  apiKey: ApiKeyRow;
  format: string;
  /** The model the client asked for (a group name). */
  model: string;
  channelId: number;
  channelName: string;
  /** The model name sent upstream. */
  actualModel: string;
  status: number;
  usage: IRUsage;
  ttfbMs: number;
  durationMs: number;
  error?: IRError;
  attempts: Attempt[];
}

export interface RelayLimits {
  maxBodySize: number;
  maxSseEventSize: number;
}

export interface RelayContext {
  state: AppState;
  limits: RelayLimits;
  /** Receives every finished request (accounting plugs in here). */
  onOutcome?: (outcome: RelayOutcome) => void;
}
