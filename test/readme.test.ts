/**
 * README_zh.md is README.md's Simplified Chinese twin: the same sections (## and ###) in the same
 * order, each with as many code blocks and table rows, and each links to the other at the top.
 */
import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const read = (name: string) => readFileSync(join(import.meta.dir, "..", name), "utf8");

interface Section {
  heading: string;
  level: number;
  codeBlocks: number;
  tableRows: number;
}

/** The ## and ### sections (text before the first one is the intro), outside code blocks. */
function sections(markdown: string): Section[] {
  const found: Section[] = [{ heading: "(intro)", level: 1, codeBlocks: 0, tableRows: 0 }];
  let inCode = false;
  for (const line of markdown.split("\n")) {
    const current = found[found.length - 1];
    if (line.trimStart().startsWith("```")) {
      if (!inCode) current.codeBlocks++;
      inCode = !inCode;
      continue;
    }
    if (inCode) continue;
    const heading = /^(#{2,3}) (.+)$/.exec(line);
    if (heading) found.push({ heading: heading[2], level: heading[1].length, codeBlocks: 0, tableRows: 0 });
    else if (line.trimStart().startsWith("|")) current.tableRows++;
  }
  return found;
}

/** What must match between the twins: everything but the words. */
const shape = (s: Section) => `${"#".repeat(s.level)} code blocks: ${s.codeBlocks}, table rows: ${s.tableRows}`;

test("README.md and README_zh.md have the same sections in the same order, with the same code blocks and tables", () => {
  const en = sections(read("README.md"));
  const zh = sections(read("README_zh.md"));
  expect(en.length).toBeGreaterThan(10);
  const sideBySide = en.map((s, i) => `${s.heading} ↔ ${zh[i]?.heading ?? "(missing)"}`).join("\n");
  expect(zh.map(shape), `sections side by side:\n${sideBySide}`).toEqual(en.map(shape));
});

test("each README links to the other before its first section", () => {
  expect(read("README.md").split("\n## ")[0]).toContain("[简体中文](README_zh.md)");
  expect(read("README_zh.md").split("\n## ")[0]).toContain("[English](README.md)");
});

test("the comparison notices a drift: a section added to one README only, or a table row missing", () => {
  const en = read("README.md");
  const withExtra = en.replace("\n## Configuration\n", "\n### Another section\n\ntext\n\n## Configuration\n");
  expect(sections(withExtra).map(shape)).not.toEqual(sections(en).map(shape));
  const rowLess = en.replace(/\n\| `log\.level` [^\n]*/, "");
  expect(sections(rowLess).map(shape)).not.toEqual(sections(en).map(shape));
});
