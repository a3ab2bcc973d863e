/** Every command's arguments are read by node:util's parseArgs, as build.ts reads its own. */
import { parseArgs, type ParseArgsConfig } from "node:util";

/** Wrong usage: main prints it with the usage text, exit 2. */
export class UsageError extends Error {}

/** `--config PATH` (`-c PATH`), which every command that opens the data takes. */
export const CONFIG_OPTION = { config: { type: "string", short: "c" } } as const;

/** parseArgs, strict; what it refuses becomes a UsageError of one line. */
export function parseCommand<T extends ParseArgsConfig>(config: T) {
  try {
    return parseArgs({ ...config, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message.split(/\.?\n|\. /)[0]);
  }
}
