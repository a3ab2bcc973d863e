/**
 * The order in which a group's available items are tried, by the group's mode. Pure but for the
 * round-robin counters it keeps per group.
 */
import type { BalanceMode } from "../db/stores/groups";
import type { Random } from "./random";

export interface Weighted {
  priority: number;
  weight: number;
}

/**
 * Failover order as upstream Octopus has it: priority 1 first, then 2, and so on; equal
 * priorities keep the group's order (sort is stable).
 */
export const byPriority = <T extends { priority: number }>(items: T[]): T[] => [...items].sort((a, b) => a.priority - b.priority);

/** Mode `manual`: the active item, then the others as failover tries them. */
export function manualOrder<T extends { priority: number; item: { id: number } }>(items: T[], activeItemId: number | null): T[] {
  const ordered = byPriority(items);
  const at = ordered.findIndex((i) => i.item.id === activeItemId);
  if (at > 0) ordered.unshift(...ordered.splice(at, 1));
  return ordered;
}

export class Balancer {
  private turns = new Map<number, number>();

  constructor(private readonly random: Random = Math.random) {}

  order<T extends Weighted>(groupId: number, mode: BalanceMode, items: T[]): T[] {
    if (items.length <= 1) return [...items];
    switch (mode) {
      case "round_robin": {
        const turn = this.turns.get(groupId) ?? 0;
        this.turns.set(groupId, turn + 1);
        const start = turn % items.length;
        return [...items.slice(start), ...items.slice(0, start)];
      }
      case "random":
        return this.shuffle(items);
      case "failover":
        return byPriority(items);
      case "manual":
        // The group's active item goes first: the router puts it there (see manualOrder).
        return byPriority(items);
      case "weighted":
        return this.weighted(items);
    }
  }

  /** The item round robin would start from next, for the health view. */
  peekTurn(groupId: number, count: number): number {
    return count === 0 ? 0 : (this.turns.get(groupId) ?? 0) % count;
  }

  private shuffle<T>(items: T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }

  /**
   * Weighted order without replacement (Efraimidis–Spirakis): each item draws u^(1/w) and the
   * largest comes first, which makes item i first with probability exactly w_i / Σw.
   */
  private weighted<T extends Weighted>(items: T[]): T[] {
    return items
      .map((item) => ({ item, key: Math.pow(this.random(), 1 / Math.max(item.weight, 1e-9)) }))
      .sort((a, b) => b.key - a.key)
      .map((x) => x.item);
  }
}
