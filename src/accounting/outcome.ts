import type { ApiKeyRow } from "../db/stores/apikeys";
import type { LogAttempt } from "../db/stores/logs";
import type { IRError, IRUsage } from "../protocols/ir";

/** One upstream try of a relayed request, as its log row keeps it. */
export type Attempt = LogAttempt;

/** What became of one client request, as the relay reports it to accounting. */
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

/** Request and response bodies kept with the log when the user turned capture on (truncated). */
export interface CapturedBodies {
  request?: string;
  response?: string;
}
