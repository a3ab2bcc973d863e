/**
 * Instances sharing one database follow each other's admin changes. Each change bumps the version
 * of the parts it touched (table `state_changes`); every instance reads those versions every
 * second (one read of a handful of rows) and reloads the parts that moved. On PostgreSQL a
 * NOTIFY makes the others read at once; the poll stays as the fallback. SQLite is one process:
 * it neither polls nor listens.
 */
import type { Stores } from "../db/stores";
import { loggableError } from "../db/errors";
import type { Lifecycle } from "../lifecycle";
import { log } from "../log";
import { STATE_PARTS, type AppState, type StatePart } from "../state";

/** What a change may touch: the in-memory state's parts, the prices accounting holds, the instances running. */
export type ChangePart = StatePart | "prices" | "instances";
export const POLL_MS = 1000;
const CHANNEL = "octopus_changes";

/** Records a change for the other instances, and announces it where the database can. */
export async function announce(stores: Stores, parts: readonly ChangePart[]) {
  await stores.changes.bump(parts);
  await stores.db.notify?.(CHANNEL, parts.join(","));
}

export class ChangeFeed {
  private seen = new Map<string, number>();
  private polling: Promise<void> | undefined;
  private again = false;
  private timer: ReturnType<typeof setInterval> | undefined;
  private unlisten: (() => Promise<void>) | undefined;

  constructor(
    private readonly stores: Stores,
    private readonly state: AppState,
    /** Called with every part reloaded because another instance changed it. */
    private readonly onChange: (parts: ChangePart[]) => Promise<void>,
  ) {}

  /** Loads the state; on a shared database, then follows the changes. */
  async start(lifecycle: Lifecycle) {
    const shared = this.stores.db.dialect !== "sqlite";
    // Versions read before the state: a change made in between is then seen as one.
    if (shared) this.seen = await this.stores.changes.versions();
    await this.state.reload();
    if (!shared) return;
    this.unlisten = await this.stores.db.listen?.(CHANNEL, () => void this.poll());
    this.timer = setInterval(() => void this.poll(), POLL_MS);
    this.timer.unref?.();
    lifecycle.onShutdown("stop following changes", () => this.stop());
  }

  /** Reads the versions and reloads what moved; a call while one runs makes it read once more. */
  poll(): Promise<void> {
    if (this.polling) {
      this.again = true;
      return this.polling;
    }
    this.polling = (async () => {
      do {
        this.again = false;
        await this.check();
      } while (this.again);
    })().finally(() => (this.polling = undefined));
    return this.polling;
  }

  private async check() {
    try {
      const versions = await this.stores.changes.versions();
      const moved = [...versions.keys()].filter((part) => versions.get(part) !== this.seen.get(part)) as ChangePart[];
      if (moved.length === 0) return;
      const stateParts = moved.filter((p): p is StatePart => (STATE_PARTS as readonly string[]).includes(p));
      if (stateParts.length > 0) await this.state.reload(...stateParts);
      await this.onChange(moved);
      this.seen = versions;
    } catch (e) {
      log.warn("reading the changes of other instances failed; retrying", { error: loggableError(e) });
    }
  }

  private async stop() {
    clearInterval(this.timer);
    await this.unlisten?.().catch(() => {});
    await this.polling;
  }
}
