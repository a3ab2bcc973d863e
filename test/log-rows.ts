/** Request-log rows for tests and benchmarks that fill the table directly, not through the relay. */
import type { LogEntry } from "../src/db/stores/logs";

export function logEntry(over: Partial<LogEntry> = {}): LogEntry {
  return {
    time: 1_700_000_000_000,
    source: "relay",
    instance: "",
    seq: 0,
    api_key_id: 1,
    api_key_name: "team",
    format: "openai-chat",
    model: "gpt-4o",
    channel_id: 1,
    channel_name: "openai",
    actual_model: "gpt-4o-2024-08-06",
    status: 200,
    input_tokens: 10,
    output_tokens: 5,
    cache_read_tokens: 0,
    cache_write_tokens: 0,
    reasoning_tokens: 0,
    cost: 0.0001,
    ttfb_ms: 120,
    duration_ms: 900,
    error: null,
    attempts: [],
    request_body: null,
    response_body: null,
    ...over,
  };
}
