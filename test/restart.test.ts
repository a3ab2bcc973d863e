/** Octopus on each database: state survives a restart, and start-up does its one-time work once. */
import { afterAll, describe, expect, test } from "bun:test";
import { createTestDatabase, DIALECTS, type TestDatabase } from "./databases";
import { randomBytes } from "node:crypto";
import { startTestOctopus } from "./octopus";

for (const dialect of DIALECTS) {
  describe(`on ${dialect}`, () => {
    const targets: TestDatabase[] = [];
    afterAll(async () => {
      for (const t of targets) await t.drop();
    });

    test("a restart keeps channels and tokens; the admin user and secret are created once", async () => {
      const target = await createTestDatabase(dialect);
      targets.push(target);
      // A new data folder on each start: the secret key comes from the environment, as it must for instances sharing a database.
      const env = { OCTOPUS_SECRET_KEY: randomBytes(32).toString("base64") };
      const first = await startTestOctopus({ database: target.config, env });
      const token = await first.login();
      const created = await first.api("POST", "/api/v1/channel/create", {
        token,
        body: { name: "kept", type: "anthropic", base_urls: [{ url: "https://api.anthropic.com/v1" }], keys: [{ key: "sk-ant-kept-1234" }], models: ["claude"] },
      });
      expect(created.status).toBe(200);
      await first.close();

      const second = await startTestOctopus({ database: target.config, env });
      try {
        // Same signing secret: the token from before the restart still works.
        const list = await second.api("GET", "/api/v1/channel/list", { token });
        expect(list.status).toBe(200);
        expect(list.body.map((c: any) => c.name)).toEqual(["kept"]);
        expect(second.octopus.state.channels.get(created.body.id)!.keys[0].key).toBe("sk-ant-kept-1234");
        expect(await second.octopus.stores.users.count()).toBe(1);
      } finally {
        await second.close();
      }
    });
  });
}
