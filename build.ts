// Builds the self-contained binary: `bun build.ts` for this machine, `bun build.ts --all` for
// every platform (the other platforms' runtimes are downloaded by Bun, so --all needs network),
// into dist/ or `--outdir DIR`. The web panel is built first and embedded (scripts/panel-assets.ts).
// Bytecode: the binary starts about twice as fast, without parsing its sources first.
import { $ } from "bun";
import { parseArgs } from "node:util";
import { version } from "./package.json";
import { preparePanel } from "./scripts/panel-assets";

const TARGETS = ["bun-linux-x64", "bun-linux-arm64", "bun-darwin-x64", "bun-darwin-arm64", "bun-windows-x64"];
const { values } = parseArgs({ options: { all: { type: "boolean", default: false }, outdir: { type: "string", default: "dist" } } });

const panelFiles = preparePanel({ force: true });
console.log(panelFiles > 0 ? `embedding the web panel: ${panelFiles} files` : "no ui/ package: the binary has no web panel");
for (const target of values.all ? TARGETS : [undefined]) {
  const name = target ? `octopus-${version}-${target.replace(/^bun-/, "")}` : "octopus";
  const outfile = `${values.outdir}/${name}`;
  const targetFlag = target ? [`--target=${target}`] : [];
  // The database read worker is an entry point of its own (see src/db/off-thread.ts).
  await $`${process.execPath} build src/main.ts src/db/read-worker.ts --compile --minify --bytecode --format=esm ${targetFlag} --outfile ${outfile}`.cwd(import.meta.dir);
  console.log(`built ${outfile}`);
}
