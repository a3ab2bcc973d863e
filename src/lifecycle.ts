import { log } from "./log";
import { loggableError } from "./db/errors";

/** Work to finish before the process exits (flushing stats, writing queued logs), in order. */
export class Lifecycle {
  private hooks: { name: string; run: () => Promise<void> | void }[] = [];

  onShutdown(name: string, run: () => Promise<void> | void) {
    this.hooks.push({ name, run });
  }

  async shutdown() {
    for (const hook of this.hooks) {
      try {
        await hook.run();
      } catch (e) {
        log.error("shutdown step failed", { step: hook.name, error: loggableError(e) });
      }
    }
    this.hooks = [];
  }
}
