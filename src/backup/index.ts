/** Backups: export a document, and import ours or an upstream Octopus's. Shared by the admin API and the CLI. */
import type { Stores } from "../db/stores";
import { BACKUP_FORMAT, BACKUP_VERSION, BackupError, BackupSchema, checkSchema, type Backup } from "./document";
import { importBackup, type ImportMode } from "./import";
import { fromUpstream, upstreamDump } from "./upstream";

export { BackupError } from "./document";
export { exportBackup, INCLUDABLE, type Includable } from "./export";
export type { ImportMode, ImportReport } from "./import";

/** A document of ours, or an upstream dump converted, with notes on what did not carry over. */
export function readBackup(raw: unknown): { doc: Backup; notes: string[] } {
  const upstream = upstreamDump(raw);
  if (upstream) return fromUpstream(upstream);
  const body = raw as Record<string, unknown> | null;
  if (body && typeof body === "object" && body.format === BACKUP_FORMAT && body.version !== BACKUP_VERSION)
    throw new BackupError(`version: this Octopus reads backup version ${BACKUP_VERSION}, the document is version ${JSON.stringify(body.version)}`);
  return { doc: checkSchema(BackupSchema, raw), notes: [] };
}

/** Checks `raw` whole, then writes it in one transaction. */
export function restoreBackup(stores: Stores, raw: unknown, mode: ImportMode) {
  const { doc, notes } = readBackup(raw);
  return importBackup(stores, doc, mode, notes);
}
