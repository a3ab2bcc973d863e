/** `octopus backup export FILE` and `octopus backup import FILE [--replace]`, without a running server. */
import { readFileSync, writeFileSync } from "node:fs";
import { exportBackup, INCLUDABLE, restoreBackup, type Includable } from "../backup";
import { loadConfig } from "../config";
import { openData } from "../open-data";

async function withStores<T>(configPath: string | undefined, env: Record<string, string | undefined>, fn: (stores: Awaited<ReturnType<typeof openData>>["stores"]) => Promise<T>) {
  const { config, path } = loadConfig(configPath, env);
  const { db, stores } = await openData(config, path, env);
  try {
    return await fn(stores);
  } finally {
    await db.close();
  }
}

export async function exportToFile(file: string, options: { configPath?: string; secrets: boolean; include: string[] }, env: Record<string, string | undefined>) {
  for (const part of options.include)
    if (!(INCLUDABLE as readonly string[]).includes(part)) throw new Error(`--include must list some of ${INCLUDABLE.join(", ")}`);
  const doc = await withStores(options.configPath, env, (stores) => exportBackup(stores, { secrets: options.secrets, include: options.include as Includable[] }));
  // A backup with secrets is as sensitive as the keys themselves.
  writeFileSync(file, JSON.stringify(doc, null, 2) + "\n", { mode: 0o600 });
  return `wrote ${file}: ${doc.channels.length} channels, ${doc.groups.length} groups, ${doc.prices.length} prices, ${doc.api_keys.length} API keys${options.secrets ? " (with secrets)" : ""}\n`;
}

export async function importFromFile(file: string, options: { configPath?: string; replace: boolean }, env: Record<string, string | undefined>) {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(`${file} is not a JSON file: ${(e as Error).message}`);
  }
  const report = await withStores(options.configPath, env, (stores) => restoreBackup(stores, raw, options.replace ? "replace" : "merge"));
  return JSON.stringify(report, null, 2) + "\n";
}
