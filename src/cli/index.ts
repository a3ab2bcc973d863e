/** The maintenance commands, run against the database without a server: `secret` and `backup`. */
import { parseArgs } from "node:util";
import { exportToFile, importFromFile } from "./backup";
import { rotateSecretKey } from "./secret";

export const MAINTENANCE_USAGE = `  octopus secret rotate [--config PATH]
                                  re-encrypt provider keys under a new secret key (stop Octopus first)
  octopus backup export FILE [--secrets] [--include stats,logs] [--config PATH]
                                  write a backup (keys only with --secrets)
  octopus backup import FILE [--replace] [--config PATH]
                                  merge a backup (ours or upstream Octopus's) in by name, or replace all
`;

/** Wrong usage: main prints it with the usage text, exit 2. */
export class UsageError extends Error {}

export async function runMaintenance(command: "secret" | "backup", args: string[], env: Record<string, string | undefined>): Promise<string> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { config: { type: "string", short: "c" }, secrets: { type: "boolean" }, include: { type: "string" }, replace: { type: "boolean" } },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  const [action, file, extra] = positionals;
  if (extra !== undefined) throw new UsageError(`unexpected argument ${JSON.stringify(extra)}`);
  if (command === "secret") {
    if (action !== "rotate" || file !== undefined) throw new UsageError("usage: octopus secret rotate [--config PATH]");
    const { values: count, from, to, where } = await rotateSecretKey(values.config, env);
    return `re-encrypted ${count} secrets from key ${from} to key ${to}; the new key is in ${where}: back it up\n`;
  }
  if (!file || (action !== "export" && action !== "import")) throw new UsageError("usage: octopus backup export|import FILE");
  if (action === "export")
    return exportToFile(file, { configPath: values.config, secrets: values.secrets ?? false, include: (values.include ?? "").split(",").filter(Boolean) }, env);
  return importFromFile(file, { configPath: values.config, replace: values.replace ?? false }, env);
}
