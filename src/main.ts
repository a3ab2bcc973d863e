#!/usr/bin/env bun
/** The command line: `octopus start [--config PATH]`, `octopus version`, `octopus help`. */
// First: it may replace the process before anything else loads.
import "./fetch-limit";
import { version } from "../package.json";
import { startOctopus } from "./app";
import { MAINTENANCE_USAGE, runMaintenance, UsageError } from "./cli";
import { DEFAULT_CONFIG_PATH } from "./config";
import { log } from "./log";

const USAGE = `Octopus ${version}: a self-hosted LLM API gateway

Usage:
  octopus start [--config PATH]   serve the relay, admin API and panel (config: ${DEFAULT_CONFIG_PATH})
${MAINTENANCE_USAGE}  octopus version                 print the version
  octopus help                    print this help

Every configuration key can be set by an environment variable, e.g. OCTOPUS_SERVER_PORT=9090.
`;

function usageError(message: string): never {
  process.stderr.write(`octopus: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function parseStart(args: string[]): { configPath?: string } {
  let configPath: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--config" || arg === "-c") {
      configPath = args[++i];
      if (!configPath) usageError(`${arg} needs a path`);
    } else if (arg.startsWith("--config=")) configPath = arg.slice("--config=".length);
    else usageError(`unknown option ${JSON.stringify(arg)}`);
  }
  return { configPath };
}

async function start(args: string[]) {
  const { configPath } = parseStart(args);
  let octopus: Awaited<ReturnType<typeof startOctopus>> | undefined;
  // Signals are taken from the start: one that arrives while starting stops Octopus once it is up
  // (the "panel:" line is printed before startOctopus returns, and a supervisor may act on it).
  let stopAsked: string | undefined;
  const shutdown = async (signal: string) => {
    if (!octopus) return void (stopAsked ??= signal);
    log.info("shutting down", { signal });
    await octopus.stop();
    log.info("stopped");
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  try {
    octopus = await startOctopus({ configPath });
  } catch (e) {
    process.stderr.write(`octopus: ${(e as Error).message}\n`);
    process.exit(1);
  }
  if (stopAsked) await shutdown(stopAsked);
}

const [command, ...rest] = process.argv.slice(2);
switch (command) {
  case "start":
    await start(rest);
    break;
  case "secret":
  case "backup":
    try {
      process.stdout.write(await runMaintenance(command, rest, process.env));
    } catch (e) {
      if (e instanceof UsageError) usageError(e.message);
      process.stderr.write(`octopus: ${(e as Error).message}\n`);
      process.exit(1);
    }
    break;
  case "version":
  case "--version":
    if (rest.length > 0) usageError(`unexpected argument ${JSON.stringify(rest[0])}`);
    process.stdout.write(`octopus ${version}\n`);
    break;
  case "help":
  case "--help":
  case "-h":
    process.stdout.write(USAGE);
    break;
  case undefined:
    usageError("missing command");
  default:
    usageError(`unknown command ${JSON.stringify(command)}`);
}
