#!/usr/bin/env bun
/** The command line: `octopus start [--config PATH]`, `octopus version`, `octopus help`. */
// First: it may replace the process before anything else loads.
import "./runtime-env";
import { BUILD, versionLine } from "./build-info";
import { startOctopus } from "./app";
import { MAINTENANCE_USAGE, runMaintenance } from "./cli";
import { CONFIG_OPTION, parseCommand, UsageError } from "./cli/args";
import { DEFAULT_CONFIG_PATH } from "./config";
import { log } from "./log";

const USAGE = `Octopus ${BUILD.version}: a self-hosted LLM API gateway

Usage:
  octopus start [--config PATH]   serve the relay, admin API and panel (config: ${DEFAULT_CONFIG_PATH})
${MAINTENANCE_USAGE}  octopus version                 print the version, commit, build date and platform
  octopus help                    print this help

Every configuration key can be set by an environment variable, e.g. OCTOPUS_SERVER_PORT=9090.
`;

function usageError(message: string): never {
  process.stderr.write(`octopus: ${message}\n\n${USAGE}`);
  process.exit(2);
}

async function start(args: string[]) {
  const { values } = parseCommand({ args, options: CONFIG_OPTION });
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
  octopus = await startOctopus({ configPath: values.config });
  if (stopAsked) await shutdown(stopAsked);
}

async function run(command: string | undefined, args: string[]) {
  switch (command) {
    case "start":
      return start(args);
    case "secret":
    case "backup":
      return void process.stdout.write(await runMaintenance(command, args, process.env));
    case "version":
    case "--version":
      parseCommand({ args, options: {} });
      return void process.stdout.write(versionLine() + "\n");
    case "help":
    case "--help":
    case "-h":
      return void process.stdout.write(USAGE);
    case undefined:
      throw new UsageError("missing command");
    default:
      throw new UsageError(`unknown command ${JSON.stringify(command)}`);
  }
}

const [command, ...rest] = process.argv.slice(2);
try {
  await run(command, rest);
} catch (e) {
  if (e instanceof UsageError) usageError(e.message);
  process.stderr.write(`octopus: ${(e as Error).message}\n`);
  process.exit(1);
}
