/**
 * Live health of keys, endpoints and (channel, key, model) circuits, in memory.
 *
 * - A key refused with 401/403 is marked failed and skipped for `authCooldownMs`, or until its
 *   channel is saved again (the user may have fixed it); a 429 cools it down for its retry-after.
 * - An endpoint that cannot be reached cools down; its latency is a moving average of time to
 *   first byte, used to prefer the fastest.
 * - A circuit opens after `threshold` consecutive failures, for a cooldown that doubles with each
 *   opening up to a cap; when it ends one probe request is let through (half-open) and its
 *   success closes the circuit.
 */

export interface HealthOptions {
  threshold: number;
  baseCooldownMs: number;
  maxCooldownMs: number;
  authCooldownMs: number;
  /** Cooldown of a 429 without retry-after, and of an unreachable endpoint. */
  shortCooldownMs: number;
  now: () => number;
}

export const DEFAULT_HEALTH: HealthOptions = {
  threshold: 3,
  baseCooldownMs: 10_000,
  maxCooldownMs: 300_000,
  authCooldownMs: 600_000,
  shortCooldownMs: 5_000,
  now: Date.now,
};

export interface KeyHealth {
  state: "ok" | "cooling" | "failed";
  /** When it was marked. */
  since: number;
  until: number;
  lastError?: string;
}

export interface EndpointHealth {
  /** Moving average of time to first byte; undefined until measured. */
  latencyMs?: number;
  until: number;
  failures: number;
  lastError?: string;
  lastUsed: number;
}

export interface Circuit {
  failures: number;
  openings: number;
  until: number;
  /** When the half-open probe started; 0 when none is out. */
  probing: number;
  lastError?: string;
}

/** A probe that never reported back (its request vanished) stops blocking the circuit after this. */
const PROBE_EXPIRY_MS = 60_000;

/** Weight of the newest sample in the latency average. */
const EWMA = 0.3;

export class Health {
  readonly keys = new Map<number, KeyHealth>();
  readonly endpoints = new Map<string, EndpointHealth>();
  readonly circuits = new Map<string, Circuit>();
  readonly options: HealthOptions;

  constructor(options: Partial<HealthOptions> = {}) {
    this.options = { ...DEFAULT_HEALTH, ...options };
  }

  static circuitId = (channelId: number, keyId: number, model: string) => `${channelId}\u0000${keyId}\u0000${model}`;

  /** The circuits of one channel that have seen failures. */
  circuitsOf(channelId: number) {
    return [...this.circuits].flatMap(([id, circuit]) => {
      const [channel, key, model] = id.split("\u0000");
      return Number(channel) === channelId ? [{ id, keyId: Number(key), model, circuit }] : [];
    });
  }
  static endpointId = (channelId: number, url: string) => `${channelId}\u0000${url}`;

  // Keys

  /** `savedAt`: when the key's channel was last saved; a failure from before that no longer counts. */
  keyUsable(keyId: number, savedAt = 0): boolean {
    const key = this.keys.get(keyId);
    return !key || key.until <= this.options.now() || (key.state === "failed" && key.since < savedAt);
  }

  keyReadyAt(keyId: number, savedAt = 0): number {
    return this.keyUsable(keyId, savedAt) ? 0 : this.keys.get(keyId)!.until;
  }

  keyFailed(keyId: number, error: string) {
    const now = this.options.now();
    this.keys.set(keyId, { state: "failed", since: now, until: now + this.options.authCooldownMs, lastError: error });
  }

  keyCooling(keyId: number, error: string, retryAfterMs?: number) {
    const now = this.options.now();
    this.keys.set(keyId, { state: "cooling", since: now, until: now + (retryAfterMs ?? this.options.shortCooldownMs), lastError: error });
  }

  keyWorked(keyId: number) {
    this.keys.delete(keyId);
  }

  // Endpoints

  endpoint(channelId: number, url: string): EndpointHealth {
    const id = Health.endpointId(channelId, url);
    let entry = this.endpoints.get(id);
    if (!entry) this.endpoints.set(id, (entry = { until: 0, failures: 0, lastUsed: 0 }));
    return entry;
  }

  endpointLatency(channelId: number, url: string, ms: number) {
    const entry = this.endpoint(channelId, url);
    entry.latencyMs = entry.latencyMs === undefined ? ms : entry.latencyMs * (1 - EWMA) + ms * EWMA;
    entry.failures = 0;
    entry.until = 0;
    entry.lastUsed = this.options.now();
  }

  endpointFailed(channelId: number, url: string, error: string) {
    const entry = this.endpoint(channelId, url);
    entry.failures += 1;
    entry.until = this.options.now() + Math.min(this.options.shortCooldownMs * 2 ** (entry.failures - 1), this.options.maxCooldownMs);
    entry.lastError = error;
    entry.lastUsed = this.options.now();
  }

  // Circuits

  circuitState(id: string): "closed" | "open" | "half_open" {
    const c = this.circuits.get(id);
    if (!c || c.until === 0) return "closed";
    return c.until > this.options.now() ? "open" : "half_open";
  }

  /** Whether a request may use the circuit now (a half-open one takes one probe at a time). */
  circuitUsable(id: string): boolean {
    const state = this.circuitState(id);
    const probing = this.circuits.get(id)?.probing ?? 0;
    return state === "closed" || (state === "half_open" && (probing === 0 || this.options.now() - probing > PROBE_EXPIRY_MS));
  }

  circuitReadyAt(id: string): number {
    return this.circuitState(id) === "open" ? this.circuits.get(id)!.until : 0;
  }

  /** Marks the start of an attempt: a half-open circuit is now probing. */
  circuitBegin(id: string) {
    if (this.circuitState(id) === "half_open") this.circuits.get(id)!.probing = this.options.now();
  }

  circuitSucceeded(id: string) {
    this.circuits.delete(id);
  }

  circuitFailed(id: string, error: string) {
    const c = this.circuits.get(id) ?? { failures: 0, openings: 0, until: 0, probing: 0 };
    const wasProbe = this.circuitState(id) === "half_open";
    c.failures += 1;
    c.lastError = error;
    c.probing = 0;
    if (wasProbe || c.failures >= this.options.threshold) {
      c.openings += 1;
      c.until = this.options.now() + Math.min(this.options.baseCooldownMs * 2 ** (c.openings - 1), this.options.maxCooldownMs);
    }
    this.circuits.set(id, c);
  }
}
