import { describe, expect, test } from "bun:test";
import { globsOverlap, modelNameProblem, ModelNames } from "./model-names";

const groups = [
  { name: "haiku", aliases: ["claude-haiku-*", "fast"] },
  { name: "sonnet", aliases: ["claude-sonnet-*", "claude-*"] },
  { name: "flash", aliases: ["gemini-*-flash*"] },
  { name: "fast-exact", aliases: [] },
];

describe("model names", () => {
  const names = new ModelNames(groups);
  const to = (name: string) => names.resolve(name)?.name;

  test("Claude Code's dated background model reaches the group with pattern claude-haiku-*", () => {
    expect(to("claude-haiku-4-5-20251001")).toBe("haiku");
  });

  test("exact group name, then exact alias, then the most specific pattern", () => {
    expect(to("sonnet")).toBe("sonnet");
    expect(to("fast")).toBe("haiku");
    expect(to("claude-sonnet-4-5-20250929")).toBe("sonnet");
    expect(to("claude-opus-4-1")).toBe("sonnet"); // only claude-* matches
    expect(to("gemini-2.5-flash-lite")).toBe("flash");
    expect(to("gemini-2.5-pro")).toBeUndefined();
    expect(to("gpt-5")).toBeUndefined();
    // Regex characters in a pattern are literal.
    expect(new ModelNames([{ name: "g", aliases: ["a.b*"] }]).resolve("axb-1")).toBeUndefined();
    const shadow = new ModelNames([{ name: "x", aliases: ["y*"] }, { name: "y1", aliases: [] }]);
    expect(shadow.resolve("y1")?.name).toBe("y1");
  });

  test("glob overlap", () => {
    expect(globsOverlap("claude-*", "*-haiku")).toBe(true);
    expect(globsOverlap("gpt-*", "claude-*")).toBe(false);
    expect(globsOverlap("a*b", "a*c")).toBe(false);
    expect(globsOverlap("*", "anything*")).toBe(true);
    expect(globsOverlap("ab", "a*")).toBe(true);
  });

  test("ambiguous patterns, and an alias that is another group's name or alias, are refused", () => {
    expect(modelNameProblem(groups)).toBeUndefined();
    expect(modelNameProblem([{ name: "a", aliases: ["gpt-*"] }, { name: "b", aliases: ["*mini"] }])).toBe(
      'patterns "gpt-*" (group "a") and "*mini" (group "b") are ambiguous: some model name matches both and neither is more specific',
    );
    // Different specificity: the narrower one wins, no ambiguity; same group: no ambiguity.
    expect(modelNameProblem([{ name: "a", aliases: ["claude-*"] }, { name: "b", aliases: ["*-haiku"] }])).toBeUndefined();
    expect(new ModelNames([{ name: "a", aliases: ["claude-*"] }, { name: "b", aliases: ["*-haiku"] }]).resolve("claude-3-haiku")?.name).toBe("a");
    expect(modelNameProblem([{ name: "a", aliases: ["claude-*"] }, { name: "b", aliases: ["claude-haiku-*"] }])).toBeUndefined();
    expect(modelNameProblem([{ name: "a", aliases: ["claude-*", "*-haiku"] }])).toBeUndefined();
    expect(modelNameProblem([{ name: "a", aliases: ["b"] }, { name: "b", aliases: [] }])).toBe('alias "b" of group "a" is the name of group "b"');
    expect(modelNameProblem([{ name: "a", aliases: ["x"] }, { name: "b", aliases: ["x"] }])).toBe('alias "x" of group "b" is an alias of group "a"');
  });
});
