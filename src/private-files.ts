/**
 * Files that hold secrets (the SQLite database with provider keys and the JWT secret, the
 * configuration with a database DSN) are readable and writable by their owner only.
 */
import { chmodSync, statSync, writeFileSync } from "node:fs";
import { log } from "./log";

const OWNER_ONLY = 0o600;

/** Creates `path` empty and owner-only, unless it exists. */
export function createPrivate(path: string) {
  try {
    writeFileSync(path, "", { mode: OWNER_ONLY, flag: "wx" });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  }
}

/** Makes each existing file of `paths` that others may use owner-only, and says so. */
export function tightenModes(...paths: string[]) {
  // Windows has no such permission bits.
  if (process.platform === "win32") return;
  for (const path of paths) {
    let mode: number;
    try {
      mode = statSync(path).mode & 0o777;
    } catch {
      continue;
    }
    if ((mode & 0o077) === 0) continue;
    chmodSync(path, OWNER_ONLY);
    log.info("made a file holding secrets readable by its owner only", { path, was: `0${mode.toString(8)}`, now: "0600" });
  }
}
