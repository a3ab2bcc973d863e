import { describe, expect, test } from "bun:test";
import { Balancer } from "./balancer";
import { seededRandom } from "./random";

const items = (...weights: number[]) => weights.map((weight, i) => ({ name: `item${i}`, priority: 0, weight }));

/** How often each item comes first over `n` orderings, as fractions. */
function firstShares(balancer: Balancer, mode: "random" | "weighted", list: ReturnType<typeof items>, n = 30_000) {
  const counts = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const first = balancer.order(1, mode, list)[0].name;
    counts.set(first, (counts.get(first) ?? 0) + 1);
  }
  return list.map((item) => (counts.get(item.name) ?? 0) / n);
}

describe("balancer", () => {
  test("round robin cycles each group on its own counter", () => {
    const b = new Balancer();
    const list = items(1, 1, 1);
    const firsts = (group: number) => b.order(group, "round_robin", list)[0].name;
    expect([firsts(1), firsts(2), firsts(1), firsts(1), firsts(2), firsts(1)]).toEqual(["item0", "item0", "item1", "item2", "item1", "item0"]);
    // The rest of the order follows the rotation, so a failure moves to the next item.
    expect(b.order(9, "round_robin", list).map((i) => i.name)).toEqual(["item0", "item1", "item2"]);
    expect(b.order(9, "round_robin", list).map((i) => i.name)).toEqual(["item1", "item2", "item0"]);
  });

  test("random is uniform (seed 7, 30k draws, each share within 0.015 of 1/3)", () => {
    const shares = firstShares(new Balancer(seededRandom(7)), "random", items(1, 1, 1));
    for (const share of shares) expect(Math.abs(share - 1 / 3)).toBeLessThan(0.015);
  });

  test("weighted first picks are exactly proportional (seed 11, 30k draws, within 0.015)", () => {
    const b = new Balancer(seededRandom(11));
    const [a, c] = firstShares(b, "weighted", items(1, 2));
    expect(Math.abs(a - 1 / 3)).toBeLessThan(0.015);
    expect(Math.abs(c - 2 / 3)).toBeLessThan(0.015);
    const shares = firstShares(b, "weighted", items(1, 1, 2, 4));
    [1 / 8, 1 / 8, 2 / 8, 4 / 8].forEach((expected, i) => expect(Math.abs(shares[i] - expected)).toBeLessThan(0.015));
  });

  test("a naive random*weight sort would be biased: our 1:2 split is not the naive 1:3", () => {
    // With key = u * w, item B (w=2) wins 3/4 of the time; proportional is 2/3.
    const [, heavy] = firstShares(new Balancer(seededRandom(5)), "weighted", items(1, 2));
    expect(heavy).toBeLessThan(0.7);
  });

  test("failover orders by priority as upstream Octopus does, 1 first, keeping the group's order among equals", () => {
    const list = [
      { name: "a", priority: 1, weight: 1 },
      { name: "b", priority: 5, weight: 1 },
      { name: "c", priority: 5, weight: 1 },
      { name: "d", priority: 3, weight: 1 },
    ];
    expect(new Balancer().order(1, "failover", list).map((i) => i.name)).toEqual(["a", "d", "b", "c"]);
  });
});
