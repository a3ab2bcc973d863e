/**
 * Which group a model name reaches. Clients send names the user did not type (Claude Code asks
 * for dated models such as `claude-haiku-4-5-20251001` for background work), so a group may carry
 * `aliases`: names, and glob patterns where `*` stands for any run of characters. A name reaches,
 * in order: the group of that name, the group with that exact alias, the group whose matching
 * pattern has the most fixed (non-`*`) characters. Two patterns of different groups with as many
 * fixed characters that can match one name are ambiguous: `modelNameProblem` refuses them on save.
 */

export interface Named {
  name: string;
  aliases: string[];
}

export const isPattern = (alias: string) => alias.includes("*");

/** Fixed characters: the more, the narrower the pattern. */
const specificity = (pattern: string) => pattern.replaceAll("*", "").length;

const globRegExp = (pattern: string) =>
  new RegExp(`^${pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`, "s");

/** Whether some name matches both globs (only `*` is special). */
export function globsOverlap(a: string, b: string): boolean {
  const seen = new Map<number, boolean>();
  const from = (i: number, j: number): boolean => {
    const id = i * (b.length + 1) + j;
    const known = seen.get(id);
    if (known !== undefined) return known;
    let result: boolean;
    if (i === a.length && j === b.length) result = true;
    else if (a[i] === "*") result = from(i + 1, j) || (j < b.length && from(i, j + 1));
    else if (b[j] === "*") result = from(i, j + 1) || (i < a.length && from(i + 1, j));
    else result = i < a.length && j < b.length && a[i] === b[j] && from(i + 1, j + 1);
    seen.set(id, result);
    return result;
  };
  return from(0, 0);
}

/** Why these groups' names and aliases cannot stand together, or undefined when they can. */
export function modelNameProblem(groups: Named[]): string | undefined {
  const names = new Set(groups.map((g) => g.name));
  const owners = new Map(groups.map((g) => [g.name, g.name]));
  for (const g of groups)
    for (const alias of g.aliases) {
      if (isPattern(alias) || alias === g.name) continue;
      const owner = owners.get(alias);
      if (owner !== undefined && owner !== g.name)
        return `alias ${JSON.stringify(alias)} of group ${JSON.stringify(g.name)} is ${names.has(alias) ? "the name" : "an alias"} of group ${JSON.stringify(owner)}`;
      owners.set(alias, g.name);
    }
  const patterns = groups.flatMap((g) => g.aliases.filter(isPattern).map((pattern) => ({ pattern, group: g.name })));
  for (const [i, a] of patterns.entries())
    for (const b of patterns.slice(i + 1))
      if (a.group !== b.group && specificity(a.pattern) === specificity(b.pattern) && globsOverlap(a.pattern, b.pattern))
        return `patterns ${JSON.stringify(a.pattern)} (group ${JSON.stringify(a.group)}) and ${JSON.stringify(b.pattern)} (group ${JSON.stringify(b.group)}) are ambiguous: some model name matches both and neither is more specific`;
  return undefined;
}

/** Resolves names to groups: built once per reload of the groups, read on every request. */
export class ModelNames<G extends Named> {
  private readonly exact = new Map<string, G>();
  private readonly patterns: { test: RegExp; specificity: number; group: G }[] = [];

  constructor(groups: Iterable<G>) {
    const list = [...groups];
    for (const g of list) for (const alias of g.aliases) if (!isPattern(alias) && !this.exact.has(alias)) this.exact.set(alias, g);
    // Group names last: they win over any alias.
    for (const g of list) this.exact.set(g.name, g);
    for (const g of list) for (const alias of g.aliases) if (isPattern(alias)) this.patterns.push({ test: globRegExp(alias), specificity: specificity(alias), group: g });
    this.patterns.sort((a, b) => b.specificity - a.specificity);
  }

  resolve(name: string): G | undefined {
    return this.exact.get(name) ?? this.patterns.find((p) => p.test.test(name))?.group;
  }
}
