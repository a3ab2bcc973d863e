import type { Admission } from "../accounting/budget";
import type { Authorizers } from "../channels/authorizers";
import type { CostEstimate } from "../accounting";
import type { CapturedBodies, RelayOutcome } from "../accounting/outcome";
import type { Clock } from "../clock";
import type { ApiKeyRow } from "../db/stores/apikeys";
import type { IRError } from "../protocols/ir";
import type { Router } from "../routing/router";
import type { AppState } from "../state";

export type { Attempt, RelayOutcome } from "../accounting/outcome";

export interface RelayLimits {
  maxBodySize: number;
  maxSseEventSize: number;
}

export interface RelayContext {
  state: AppState;
  limits: RelayLimits;
  router: Router;
  /** What channel keys become for the types that authorize them (OAuth access tokens). */
  authorizers: Authorizers;
  /** What the deadline, timeouts, waits and durations are measured by (tests pass a faster one). */
  clock: Clock;
  /** Budgets: may refuse a request before any upstream call; the admission is released when it ends. */
  /** `estimate` is called only for a key with a budget. */
  admit?: (apiKey: ApiKeyRow, estimate: () => CostEstimate) => Admission | IRError;
  /** Receives every finished request (accounting turns it into cost, stats and a log row). */
  onOutcome?: (outcome: RelayOutcome, bodies: CapturedBodies) => void;
  /** Aborted when the server starts to stop: idle WebSockets close at once, busy ones after their turn. */
  stopping?: AbortSignal;
  /** Aborted at shutdown once `shutdown_timeout` has passed: open streams then end with an error event. */
  closing?: AbortSignal;
  /** Requests past admission and not yet ended, and how many of them are streams being sent (for /metrics). */
  inFlight?: { requests: number; streams: number };
  /** Bytes of each body to keep with the log; 0 keeps none. */
  captureLimit?: () => number;
}
