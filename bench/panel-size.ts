/**
 * `npm run bench:panel`: the web panel's first load, compressed as Octopus serves it, against its
 * budget. The first load is index.html plus the JS and CSS it loads before the app runs: from
 * Vite's manifest (ui/dist/.vite/manifest.json), the entry chunk, the chunks it imports statically
 * (transitively) and their CSS; without a manifest, the scripts, module preloads and stylesheets
 * index.html names. Lazily imported route chunks are not counted. Builds the panel first if stale.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { preparePanel } from "../scripts/panel-assets";
import { compress, type Encoding } from "../src/panel/assets";

const BUDGET = 150_000;
const DIST = join(import.meta.dir, "..", "ui", "dist");

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  css?: string[];
}

/** Files (relative to dist) of the entry chunks and everything they import statically. */
function fromManifest(manifest: Record<string, ManifestChunk>): string[] {
  const files = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const css of chunk.css ?? []) files.add(css);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key);
  return [...files];
}

/** Files (relative to dist) of index.html's module scripts, module preloads and stylesheets. */
function fromIndex(html: string): string[] {
  const files = new Set<string>();
  for (const [tag] of html.matchAll(/<(script|link)\b[^>]*>/g)) {
    const isScript = tag.startsWith("<script") && /type="module"/.test(tag);
    const isLink = /rel="(modulepreload|stylesheet)"/.test(tag);
    const ref = /(?:src|href)="\/?([^"]+)"/.exec(tag)?.[1];
    if ((isScript || isLink) && ref && !/^[a-z]+:/.test(ref)) files.add(ref);
  }
  return [...files];
}

if (preparePanel() === 0) {
  console.error("no web panel to measure: the repository has no ui/ package");
  process.exit(1);
}
const manifestPath = join(DIST, ".vite", "manifest.json");
const html = readFileSync(join(DIST, "index.html"));
const assets = existsSync(manifestPath) ? fromManifest(JSON.parse(readFileSync(manifestPath, "utf8"))) : fromIndex(html.toString());
const files = ["index.html", ...assets];
const sizes = files.map((file) => {
  const raw = new Uint8Array(readFileSync(join(DIST, file)));
  const size = (encoding: Encoding) => compress(encoding, raw).byteLength;
  return { file, raw: raw.byteLength, gzip: size("gzip"), br: size("br") };
});
const total = (key: "raw" | "gzip" | "br") => sizes.reduce((sum, s) => sum + s[key], 0);
const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;

console.log(`web panel first load (${existsSync(manifestPath) ? "from Vite's manifest" : "from index.html"}), budget ${kb(BUDGET)} compressed\n`);
const rows = [...sizes.map((s) => [s.file, kb(s.raw), kb(s.gzip), kb(s.br)]), ["total", kb(total("raw")), kb(total("gzip")), kb(total("br"))]];
const widths = [0, 1, 2, 3].map((i) => Math.max(...[["file", "raw", "gzip", "brotli"], ...rows].map((r) => r[i].length)));
for (const row of [["file", "raw", "gzip", "brotli"], ...rows]) console.log(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  "));
console.log();
for (const encoding of ["gzip", "br"] as const)
  console.log(`${total(encoding) <= BUDGET ? "PASS" : "MISS"}  ${encoding === "br" ? "brotli" : "gzip"}: ${kb(total(encoding))} of ${kb(BUDGET)}`);
