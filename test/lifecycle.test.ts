/** Stopping an instance: in-flight requests finish, then the shutdown hooks run, in order. */
import { expect, test } from "bun:test";
import { startTestOctopus } from "./octopus";

test("stop lets an in-flight request finish, then runs the shutdown hooks", async () => {
  const o = await startTestOctopus();
  const ran: string[] = [];
  o.octopus.lifecycle.onShutdown("first", async () => {
    await Bun.sleep(20);
    ran.push("first");
  });
  o.octopus.lifecycle.onShutdown("failing", () => {
    throw new Error("boom");
  });
  o.octopus.lifecycle.onShutdown("last", () => void ran.push("last"));
  // A login costs an argon2 verification: it is still running when stop() begins.
  const inFlight = o.api("POST", "/api/v1/user/login", { body: { username: "admin", password: "admin" } });
  await Bun.sleep(5);
  await o.close();
  expect((await inFlight).status).toBe(200);
  expect(ran).toEqual(["first", "last"]);
  await expect(fetch(o.url + "/api/v1/channel/list")).rejects.toThrow();
});
