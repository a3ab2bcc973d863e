/**
 * API-key budgets (`max_cost`). A request is admitted with its estimated cost reserved until it
 * finishes, so concurrent requests cannot together run past the budget: beyond the spent cost,
 * only what requests already in flight reserved can overshoot it. A request with nothing else in
 * flight is always admitted while the key is under budget.
 *
 * Several instances on one database: each sees the others' spend only as stored. All of them write
 * a budgeted key's spend on the second and read the stored spend S at the half second, so each
 * keeps to its share of what remained at that read, (max_cost - S) / N for N instances running.
 * Past that read each spends at most its share plus one request's estimate (the first request
 * past its share is not admitted), so together they overshoot max_cost by at most N requests'
 * estimated cost. Assumed: the instances' clocks agree (NTP) and a write takes under half a second.
 */
import type { ApiKeyRow } from "../db/stores/apikeys";
import type { IRError } from "../protocols/ir";
import type { Stats } from "./stats";

export interface Admission {
  release(): void;
}

const NOTHING_HELD: Admission = { release() {} };

const usd = (n: number) => `$${n.toFixed(4)}`;

export class Budget {
  private reserved = new Map<number, { usd: number; count: number }>();

  constructor(
    private readonly stats: Stats,
    /** How many instances share the database (1 when alone). */
    private readonly instances: () => number = () => 1,
  ) {}

  /** How many requests of the key hold part of its budget now. */
  holding(apiKeyId: number): number {
    return this.reserved.get(apiKeyId)?.count ?? 0;
  }

  admit(apiKey: ApiKeyRow, estimate: number): Admission | IRError {
    if (apiKey.max_cost === null) return NOTHING_HELD;
    const spent = this.stats.spent(apiKey.id);
    if (spent >= apiKey.max_cost)
      return { status: 403, kind: "permission", message: `this API key has used its budget of ${usd(apiKey.max_cost)} (spent ${usd(spent)})` };
    const held = this.reserved.get(apiKey.id) ?? { usd: 0, count: 0 };
    // Alone this is the rest of the budget; with N instances, this one's share of it.
    const own = this.stats.unread(apiKey.id);
    const share = (apiKey.max_cost - (spent - own)) / Math.max(1, this.instances());
    if (held.count > 0 && own + held.usd + estimate > share)
      return {
        status: 429,
        kind: "rate_limit",
        message: `the rest of this API key's budget is held by ${held.count} request(s) in flight; retry when they finish`,
        retryAfter: 1,
      };
    if (own >= share)
      return {
        status: 429,
        kind: "rate_limit",
        message: "this instance has used its share of the rest of this API key's budget; retry in a second",
        retryAfter: 1,
      };
    held.usd += estimate;
    held.count += 1;
    this.reserved.set(apiKey.id, held);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        held.usd -= estimate;
        held.count -= 1;
        if (held.count === 0) this.reserved.delete(apiKey.id);
      },
    };
  }
}
