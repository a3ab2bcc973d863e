/** The files holding secrets are their owner's alone, on a real start of a real process. */
import { describe, expect, test } from "bun:test";
import { chmodSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { adminCall, spawnOctopus, type OctopusProcess } from "./process";

describe("files holding secrets", () => {
  const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);
  // Also gives the process time to install its signal handlers, which follow the "panel:" line.
  const signIn = (o: OctopusProcess) => adminCall(o.url, "/api/v1/user/login", { username: "admin", password: "admin" });

  test("the SQLite database, its -wal and -shm, and the configuration are created 0600; looser ones are tightened at start", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "octopus-modes-"));
    const data = join(cwd, "data");
    const files = ["data.db", "data.db-wal", "data.db-shm", "config.json"].map((f) => join(data, f));
    const first = await spawnOctopus(cwd);
    try {
      await signIn(first);
      expect(files.map(mode)).toEqual(["600", "600", "600", "600"]);
    } finally {
      expect(await first.stop()).toBe(0);
    }

    for (const file of [files[0], files[3]]) chmodSync(file, 0o644);
    const second = await spawnOctopus(cwd);
    try {
      await signIn(second);
      expect(files.map(mode)).toEqual(["600", "600", "600", "600"]);
      const said = second.log.join("").split("\n").filter((l) => l.includes("readable by its owner only"));
      expect(said).toHaveLength(2);
      expect(said.every((l) => l.includes("was=0644"))).toBe(true);
    } finally {
      expect(await second.stop()).toBe(0);
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
