/**
 * Every `sync_llm_interval` hours (read anew for each wait), syncs the models of every enabled
 * channel with `auto_sync`, one channel at a time. Failures are logged, never thrown.
 */
import { log } from "../../log";
import { loggableError } from "../../db/errors";
import { ModelFetchError } from "./error";
import { SYNC_TIMEOUT_MS, syncChannel, type SyncContext } from "./sync";

export interface AutoSyncOptions {
  /** Length of an hour in ms; tests shrink it to run the schedule in milliseconds. */
  hourMs?: number;
  timeoutMs?: number;
}

const HOUR_MS = 3_600_000;

export function startAutoSync(ctx: SyncContext, options: AutoSyncOptions = {}) {
  const hourMs = options.hourMs ?? HOUR_MS;
  const timeoutMs = options.timeoutMs ?? SYNC_TIMEOUT_MS;
  const stopping = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> = Promise.resolve();

  async function syncAll() {
    for (const channel of [...ctx.state.channels.values()]) {
      if (stopping.signal.aborted) return;
      if (!channel.enabled || !channel.auto_sync) continue;
      const fields = { channel: channel.name, id: channel.id };
      try {
        const result = await syncChannel(ctx, channel.id, { timeoutMs, signal: stopping.signal });
        if (!result) continue;
        if (result.added.length + result.removed.length > 0)
          log.info("channel models synced", { ...fields, added: result.added.length, removed: result.removed.length });
        if (result.orphaned_items.length > 0)
          log.warn("group items name models the channel no longer lists", {
            ...fields,
            items: result.orphaned_items.map((o) => `${o.group}:${o.model}`).join(","),
          });
      } catch (error) {
        if (stopping.signal.aborted) return;
        log.warn("channel model sync failed", { ...fields, reason: error instanceof ModelFetchError ? error.message : loggableError(error) });
      }
    }
  }

  function scheduleNext() {
    if (stopping.signal.aborted) return;
    timer = setTimeout(() => {
      running = syncAll().finally(scheduleNext);
    }, ctx.state.settings.sync_llm_interval * hourMs);
    timer.unref?.();
  }

  scheduleNext();
  return {
    /** Stops the schedule, cancels a sync in flight and waits for it to end. */
    async stop() {
      stopping.abort();
      clearTimeout(timer);
      await running;
    },
  };
}
