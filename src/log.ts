/** A small levelled logger writing one line per entry to stderr. Never pass secrets to it. */
import { redact } from "./secrets";

export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

let threshold = LOG_LEVELS.indexOf("info");

export function setLogLevel(level: LogLevel) {
  threshold = LOG_LEVELS.indexOf(level);
}

function write(level: LogLevel, message: string, fields?: Record<string, unknown>) {
  if (LOG_LEVELS.indexOf(level) < threshold) return;
  const extra = fields
    ? " " +
      Object.entries(fields)
        .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
        .join(" ")
    : "";
  // A configured secret or a key-shaped value never reaches the log, whoever passed it.
  process.stderr.write(redact(`${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} ${message}${extra}`) + "\n");
}

export const log = {
  debug: (message: string, fields?: Record<string, unknown>) => write("debug", message, fields),
  info: (message: string, fields?: Record<string, unknown>) => write("info", message, fields),
  warn: (message: string, fields?: Record<string, unknown>) => write("warn", message, fields),
  error: (message: string, fields?: Record<string, unknown>) => write("error", message, fields),
};
