/**
 * Bun's fetch runs at most 256 requests at once unless BUN_CONFIG_MAX_HTTP_REQUESTS says more, and
 * it reads that variable only as the process starts: a relay holding more streams than that would
 * queue the rest. So `octopus start` without it replaces itself, in place (same PID, stdio and
 * signals, through execve), with the same command and the variable set. Imported first by
 * main.ts, before the rest of the program is loaded. Where execve is unavailable (Windows, or
 * libc cannot be opened) Octopus starts with Bun's limit; setting the variable yourself works
 * everywhere.
 */
import { dlopen, FFIType, ptr } from "bun:ffi";

const VARIABLE = "BUN_CONFIG_MAX_HTTP_REQUESTS";
/** Concurrent upstream requests: well past the streams a small box holds open. */
export const FETCH_LIMIT = 16384;

function reexec() {
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
  const env = Object.entries({ ...process.env, [VARIABLE]: String(FETCH_LIMIT) }).map(([k, v]) => `${k}=${v}`);
  libc.symbols.execve(ptr(cString(process.execPath)), ptr(array(argv)), ptr(array(env)));
  // Only reached when execve failed: carry on with Bun's limit.
  libc.close();
}

if (process.argv[2] === "start" && !process.env[VARIABLE] && process.platform !== "win32") {
  try {
    reexec();
  } catch {
    // No libc to call: carry on with Bun's limit.
  }
}
