import { describe, expect, test } from "bun:test";
import { bytes, compact, dateTime, duration, integer, money, percent, perMillion, relative } from "./format";

describe("numbers for people", () => {
  test("counts: exact below a thousand, compact above, per language", () => {
    expect(compact(950)).toBe("950");
    expect(compact(1234)).toBe("1.2K");
    expect(compact(3_400_000)).toBe("3.4M");
    expect(compact(12_000, "zh")).toBe("1.2万");
    expect(compact(undefined)).toBe("–");
    expect(integer(12345)).toBe("12,345");
  });

  test("money: cents from a dollar up, significant digits below, never a long tail", () => {
    expect(money(0)).toBe("$0");
    expect(money(12.345)).toBe("$12.35");
    expect(money(0.0042)).toBe("$0.0042");
    expect(money(0.00004219)).toBe("$0.00004");
    expect(money(0.5)).toBe("$0.5");
    expect(money(-2)).toBe("-$2.00");
    expect(money(2500)).toBe("$2.5K");
    expect(money(Number.NaN)).toBe("–");
    expect(perMillion(0.15)).toBe("$0.15");
    expect(perMillion(15)).toBe("$15");
  });

  test("percent keeps one decimal only where it tells something", () => {
    expect(percent(1)).toBe("100%");
    expect(percent(0.973)).toBe("97.3%");
    expect(percent(0)).toBe("0%");
    expect(percent(null)).toBe("–");
  });

  test("durations from milliseconds to minutes", () => {
    expect(duration(350)).toBe("350 ms");
    expect(duration(1200)).toBe("1.2 s");
    expect(duration(2000)).toBe("2 s");
    expect(duration(12_340)).toBe("12.3 s");
    expect(duration(125_000)).toBe("2 min 5 s");
    expect(duration(120_000)).toBe("2 min");
  });

  test("sizes", () => {
    expect(bytes(512)).toBe("512 B");
    expect(bytes(1536)).toBe("1.5 KB");
    expect(bytes(3 * 1024 * 1024)).toBe("3 MB");
  });
});

describe("times in the browser's zone", () => {
  const now = new Date(2026, 11, 2, 15, 30, 0).getTime();

  test("today shows the time only; this year drops the year; older shows it", () => {
    expect(dateTime(new Date(2026, 11, 2, 9, 5, 7).getTime(), "en", now)).toBe("09:05:07");
    expect(dateTime(new Date(2026, 10, 28, 18, 0).getTime(), "en", now)).toBe("Nov 28, 18:00");
    expect(dateTime(new Date(2025, 0, 3, 8, 0).getTime(), "en", now)).toBe("Jan 3, 2025, 08:00");
    expect(dateTime(new Date(2026, 10, 28, 18, 0).getTime(), "zh", now)).toBe("11月28日 18:00");
  });

  test("relative times", () => {
    expect(relative(now - 5 * 60_000, "en", now)).toBe("5 minutes ago");
    expect(relative(now + 3 * 86_400_000, "en", now)).toBe("in 3 days");
    expect(relative(now - 86_400_000, "en", now)).toBe("yesterday");
  });
});
