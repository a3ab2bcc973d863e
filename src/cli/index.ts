/** The maintenance commands, run against the database without a server: `secret` and `backup`. */
import { CONFIG_OPTION, parseCommand, UsageError } from "./args";
import { exportToFile, importFromFile } from "./backup";
import { rotateSecretKey } from "./secret";

export { UsageError } from "./args";

const USAGES = {
  rotate: "octopus secret rotate [--config PATH]",
  export: "octopus backup export FILE [--secrets] [--include stats,logs] [--config PATH]",
  import: "octopus backup import FILE [--replace] [--config PATH]",
};

export const MAINTENANCE_USAGE = `  ${USAGES.rotate}
                                  re-encrypt provider keys under a new secret key (stop Octopus first)
  ${USAGES.export}
                                  write a backup (keys only with --secrets)
  ${USAGES.import}
                                  merge a backup (ours or upstream Octopus's) in by name, or replace all
`;

/** The one FILE a backup subcommand takes. */
function oneFile(positionals: string[], usage: string): string {
  if (positionals.length !== 1) throw new UsageError(`usage: ${usage}`);
  return positionals[0];
}

export async function runMaintenance(command: "secret" | "backup", args: string[], env: Record<string, string | undefined>): Promise<string> {
  const [action, ...rest] = args;
  if (command === "secret") {
    if (action !== "rotate") throw new UsageError(`usage: ${USAGES.rotate}`);
    const { values } = parseCommand({ args: rest, options: CONFIG_OPTION });
    const { values: count, from, to, where } = await rotateSecretKey(values.config, env);
    return `re-encrypted ${count} secrets from key ${from} to key ${to}; the new key is in ${where}: back it up\n`;
  }
  if (action === "export") {
    const options = { ...CONFIG_OPTION, secrets: { type: "boolean", default: false }, include: { type: "string", default: "" } } as const;
    const { values, positionals } = parseCommand({ args: rest, allowPositionals: true, options });
    const include = values.include.split(",").filter(Boolean);
    return exportToFile(oneFile(positionals, USAGES.export), { configPath: values.config, secrets: values.secrets, include }, env);
  }
  if (action === "import") {
    const options = { ...CONFIG_OPTION, replace: { type: "boolean", default: false } } as const;
    const { values, positionals } = parseCommand({ args: rest, allowPositionals: true, options });
    return importFromFile(oneFile(positionals, USAGES.import), { configPath: values.config, replace: values.replace }, env);
  }
  throw new UsageError("usage: octopus backup export|import FILE");
}
