/**
 * What Bun reads only as the process starts, which `octopus start` gives itself: when any of it is
 * missing from the environment, the process replaces itself, in place (same PID, stdio and
 * signals, through execve), with the same command and the missing variables set. A variable the
 * operator set is kept as given. Imported first by main.ts, before the rest of the program is
 * loaded. Where execve is unavailable (Windows, or libc cannot be opened) Octopus starts with
 * Bun's defaults; setting the variables yourself works everywhere.
 */
import { dlopen, FFIType, ptr } from "bun:ffi";

/** Concurrent upstream requests: well past the streams a small box holds open. */
export const FETCH_LIMIT = 16384;

export const RUNTIME_ENV: Record<string, string> = {
  // Bun's fetch runs at most 256 requests at once otherwise: a relay holding more streams than
  // that would queue the rest.
  BUN_CONFIG_MAX_HTTP_REQUESTS: String(FETCH_LIMIT),
  // On a host with 16 GB of RAM or more, JSC lets the heap grow to about three times what its last
  // full collection kept before it runs the next one (twice under 16 GB). What a finished request
  // leaves waits for that collection, and Octopus's live heap (~14 MB, mostly compiled code) let
  // 40 MB and more of it build up under load. At 1 the heap grows to about twice on every host, as
  // Go's GOGC=100 does: in one benchmark run on a 25 GB host, peaks at c=128 of 119-152 MB against
  // 130-197, for 15-30% more CPU per stream at saturation there; under 16 GB nothing changes
  // (README, "Where memory goes").
  BUN_JSC_heapGrowthMaxIncrease: "1",
};

function reexec(env: Record<string, string | undefined>) {
  const libc = dlopen(process.platform === "darwin" ? "libc.dylib" : "libc.so.6", {
    execve: { args: [FFIType.ptr, FFIType.ptr, FFIType.ptr], returns: FFIType.i32 },
  });
  const keep: Buffer[] = [];
  const cString = (text: string) => {
    const bytes = Buffer.from(`${text}\0`);
    keep.push(bytes);
    return bytes;
  };
  const array = (items: string[]) => {
    const pointers = new BigUint64Array(items.length + 1);
    items.forEach((item, i) => (pointers[i] = BigInt(ptr(cString(item)))));
    return pointers;
  };
  // A compiled binary is its own program: its arguments follow the executable directly.
  const compiled = Bun.main.startsWith("/$bunfs/");
  const argv = compiled ? [process.execPath, ...process.argv.slice(2)] : [process.execPath, ...process.execArgv, ...process.argv.slice(1)];
  const entries = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  libc.symbols.execve(ptr(cString(process.execPath)), ptr(array(argv)), ptr(array(entries)));
  // Only reached when execve failed: carry on with Bun's defaults.
  libc.close();
}

const missing = Object.keys(RUNTIME_ENV).filter((name) => process.env[name] === undefined);
if (process.argv[2] === "start" && missing.length > 0 && process.platform !== "win32") {
  try {
    reexec({ ...RUNTIME_ENV, ...process.env });
  } catch {
    // No libc to call: carry on with Bun's defaults.
  }
}
