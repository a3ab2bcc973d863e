// Builds the self-contained binary: `bun build.ts` for this machine, `bun build.ts --all` for
// every platform (the other platforms' runtimes are downloaded by Bun, so --all needs network).
import { $ } from "bun";
import { version } from "./package.json";

const TARGETS = ["bun-linux-x64", "bun-linux-arm64", "bun-darwin-x64", "bun-darwin-arm64", "bun-windows-x64"];
const all = process.argv.includes("--all");

for (const target of all ? TARGETS : [undefined]) {
  const name = target ? `octopus-${version}-${target.replace(/^bun-/, "")}` : "octopus";
  const outfile = `dist/${name}`;
  const targetFlag = target ? [`--target=${target}`] : [];
  await $`bun build src/main.ts --compile --minify ${targetFlag} --outfile ${outfile}`;
  console.log(`built ${outfile}`);
}
