/**
 * A client that opens `--count` streams at once and keeps reading them. It prints one JSON line
 * once every stream has sent its first event or `--ramp-seconds` have passed ({flowing, failed,
 * rampMs}), and when its stdin closes aborts them all and prints a last line ({failed, ended,
 * firstError}). Its parent sets BUN_CONFIG_MAX_HTTP_REQUESTS above `--count`: Bun's fetch
 * otherwise runs only 256 requests at once.
 */
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: { url: { type: "string" }, count: { type: "string" }, body: { type: "string" }, headers: { type: "string" }, "ramp-seconds": { type: "string" } },
});
const count = Number(values.count);
const headers = JSON.parse(values.headers!) as Record<string, string>;
const aborter = new AbortController();
let flowing = 0;
let failed = 0;
let ended = 0;
let firstError: string | undefined;

const fail = (message: string) => {
  failed++;
  firstError ??= message;
};

async function open() {
  const response = await fetch(values.url!, { method: "POST", headers, body: values.body, signal: aborter.signal });
  if (response.status !== 200) return fail(`status ${response.status}: ${(await response.text()).slice(0, 200)}`);
  const decoder = new TextDecoder();
  let seen = "";
  let counted = false;
  for await (const chunk of response.body!) {
    if (counted) continue;
    seen += decoder.decode(chunk, { stream: true });
    if (seen.includes("data: ")) {
      counted = true;
      flowing++;
    }
  }
  ended++;
}

const started = Date.now();
const streams = Array.from({ length: count }, () => open().catch((e: Error) => aborter.signal.aborted || fail(e.message)));
const deadline = started + Number(values["ramp-seconds"]) * 1000;
while (flowing + failed < count && Date.now() < deadline) await Bun.sleep(50);
console.log(JSON.stringify({ flowing, failed, rampMs: Date.now() - started }));

for await (const _ of Bun.stdin.stream());
const before = { failed, ended };
aborter.abort();
await Promise.all(streams);
console.log(JSON.stringify({ ...before, firstError }));
process.exit(0);
