/**
 * Each instance writes a heartbeat row under its instance name, so `GET /api/v1/instances` lists
 * the fleet and budgets know how many instances share a key's remaining budget.
 */
import { hostname } from "node:os";
import { version } from "../../package.json";
import type { Stores } from "../db/stores";
import type { InstanceRow } from "../db/stores/fleet";
import { loggableError } from "../db/errors";
import type { Lifecycle } from "../lifecycle";
import { announce } from "./changes";
import { log } from "../log";

const HEARTBEAT_MS = 10_000;
/** An instance counts as running while its last heartbeat is this recent. */
export const SEEN_WITHIN_MS = 60_000;

export class Heartbeat {
  /** Its id is this instance's name, known once the server listens (see `start`). */
  readonly row: InstanceRow;
  /** How many instances were seen at the last heartbeat, this one included. */
  live = 1;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly stores: Stores) {
    const now = Date.now();
    this.row = { id: "", host: hostname(), version, started_at: now, heartbeat_at: now };
  }

  /** Joins the fleet; the others count it at once (an "instances" change), and again when it leaves. */
  async start(lifecycle: Lifecycle, id: string) {
    this.row.id = id;
    await this.beat();
    await announce(this.stores, ["instances"]);
    this.timer = setInterval(() => void this.beat(), HEARTBEAT_MS);
    this.timer.unref?.();
    lifecycle.onShutdown("remove the heartbeat", async () => {
      clearInterval(this.timer);
      await this.stores.instances.remove(this.row.id);
      await announce(this.stores, ["instances"]);
    });
  }

  async seen(): Promise<InstanceRow[]> {
    return this.stores.instances.seenSince(Date.now() - SEEN_WITHIN_MS);
  }

  /** Counts the instances running now. */
  async recount() {
    this.live = Math.max(1, (await this.seen()).length);
  }

  private async beat() {
    try {
      this.row.heartbeat_at = Date.now();
      await this.stores.instances.beat(this.row);
      await this.recount();
    } catch (e) {
      log.warn("heartbeat failed", { error: loggableError(e) });
    }
  }
}
