/**
 * What `/metrics` reports. Requests are counted in memory when accounting records them (after
 * the response, off the relay's own path); gauges are read when scraped.
 */
import type { Accounting } from "../accounting";
import type { LogEntry } from "../db/stores/logs";
import type { RelayContext } from "../relay/context";
import type { Router } from "../routing/router";
import type { AppState } from "../state";
import { Histogram, Series } from "./registry";

/** Seconds: from a fast first byte to a long stream. */
const LATENCY_BOUNDS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];
/** How often the event loop's lag is sampled. */
const LAG_SAMPLE_MS = 500;

const STATUS_CLASSES = ["0xx", "1xx", "2xx", "3xx", "4xx", "5xx"];
const TOKEN_KINDS = ["input", "output", "cache_read", "cache_write", "reasoning"] as const;

/** What became of one upstream attempt of a request. */
function attemptOutcome(entry: LogEntry, i: number): string {
  const attempt = entry.attempts[i];
  if (attempt.error === undefined) return "success";
  if (i < entry.attempts.length - 1) return "retried";
  if (attempt.status === 408 || attempt.status === 504 || /timed? ?out/i.test(attempt.error)) return "timeout";
  return "refused";
}

export interface MetricsSources {
  state: AppState;
  router: Router;
  accounting: Accounting;
  relay: RelayContext;
}

export class Metrics {
  private readonly requests = new Series("octopus_requests_total", "Relayed requests by group, channel, model, client format and status class", "counter", [
    "group",
    "channel",
    "model",
    "format",
    "status_class",
  ]);
  private readonly attempts = new Series("octopus_upstream_attempts_total", "Upstream attempts by outcome", "counter", ["outcome"]);
  private readonly tokens = new Series("octopus_tokens_total", "Tokens by kind, group, channel and model", "counter", ["group", "channel", "model", "kind"]);
  private readonly cost = new Series("octopus_cost_usd_total", "Cost in USD by group, channel and model", "counter", ["group", "channel", "model"]);
  private readonly ttfb = new Histogram("octopus_ttfb_seconds", "Time to the upstream's first byte of served requests", LATENCY_BOUNDS);
  private readonly duration = new Histogram("octopus_request_duration_seconds", "Total duration of relayed requests", LATENCY_BOUNDS);
  private lag = { last: 0, max: 0 };
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly sources: MetricsSources) {}

  /** Samples the event loop's lag: how late a timer fires. */
  start() {
    let expected = performance.now() + LAG_SAMPLE_MS;
    this.timer = setInterval(() => {
      const now = performance.now();
      const lag = Math.max(0, now - expected) / 1000;
      this.lag = { last: lag, max: Math.max(this.lag.max, lag) };
      expected = now + LAG_SAMPLE_MS;
    }, LAG_SAMPLE_MS);
    this.timer.unref?.();
  }

  stop() {
    clearInterval(this.timer);
  }

  /** Counts one recorded request (its log entry, whether or not logs are kept). */
  observe(entry: LogEntry) {
    const { model: group, channel_name: channel, actual_model: model } = entry;
    this.requests.add([group, channel, model, entry.format, STATUS_CLASSES[Math.floor(entry.status / 100)] ?? "other"]);
    // No attempt at all: every candidate was cooling down or its circuit open.
    if (entry.attempts.length === 0 && entry.status === 503) this.attempts.add(["circuit_open"]);
    for (let i = 0; i < entry.attempts.length; i++) this.attempts.add([attemptOutcome(entry, i)]);
    for (const kind of TOKEN_KINDS) {
      const n = entry[`${kind}_tokens`];
      if (n > 0) this.tokens.add([group, channel, model, kind], n);
    }
    if (entry.cost > 0) this.cost.add([group, channel, model], entry.cost);
    if (entry.status < 300 && entry.error === null) this.ttfb.observe(entry.ttfb_ms / 1000);
    this.duration.observe(entry.duration_ms / 1000);
  }

  render(): string {
    const { state, router, accounting, relay } = this.sources;
    const gauge = (name: string, help: string, value: number, type: "gauge" | "counter" = "gauge") => {
      const s = new Series(name, help, type);
      s.set([], value);
      return s.render();
    };
    const circuits = new Series("octopus_channel_circuits", "Circuits (key and model) of each channel by state", "gauge", ["channel", "state"]);
    for (const channel of state.channels.values()) {
      const counts = { closed: 0, open: 0, half_open: 0 };
      for (const { id } of router.health.circuitsOf(channel.id)) counts[router.health.circuitState(id)]++;
      for (const [st, n] of Object.entries(counts)) circuits.set([channel.name, st], n);
    }
    const memory = process.memoryUsage();
    const flushes = accounting.stats.flushes;
    return [
      this.requests.render(),
      this.attempts.render(),
      this.tokens.render(),
      this.cost.render(),
      this.ttfb.render(),
      this.duration.render(),
      gauge("octopus_requests_in_flight", "Relayed requests not yet finished", relay.inFlight?.requests ?? 0),
      gauge("octopus_streams_in_flight", "Streams being sent to clients", relay.inFlight?.streams ?? 0),
      circuits.render(),
      gauge("octopus_log_queue_depth", "Request log rows waiting to be written", accounting.logs.queued),
      gauge("octopus_log_rows_dropped_total", "Request log rows dropped because the queue was full", accounting.logs.droppedTotal, "counter"),
      gauge("octopus_stats_flushes_total", "Stats flushes", flushes.count, "counter"),
      gauge("octopus_stats_flush_failures_total", "Stats flushes that failed", flushes.failures, "counter"),
      gauge("octopus_stats_flush_seconds_total", "Time spent in stats flushes", flushes.seconds, "counter"),
      gauge("octopus_process_resident_memory_bytes", "Resident memory", memory.rss),
      gauge("octopus_process_heap_used_bytes", "JavaScript heap in use", memory.heapUsed),
      gauge("octopus_event_loop_lag_seconds", "Event loop lag at the last sample", this.lag.last),
      gauge("octopus_event_loop_lag_max_seconds", "Largest event loop lag seen", this.lag.max),
    ].join("");
  }
}
