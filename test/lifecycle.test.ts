/** Stopping an instance: in-flight requests finish, then the shutdown hooks run, in order. */
import { expect, test } from "bun:test";
import { startTestOctopus } from "./octopus";

test("stop lets an in-flight request finish, then runs the shutdown hooks", async () => {
  const o = await startTestOctopus();
  let arrived: () => void = () => {};
  const reached = new Promise<void>((resolve) => (arrived = resolve));
  const upstream = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch() {
      arrived();
      await Bun.sleep(300);
      return Response.json({
        id: "chatcmpl-slow",
        object: "chat.completion",
        created: 1,
        model: "slow",
        choices: [{ index: 0, message: { role: "assistant", content: "late but whole" }, finish_reason: "stop" }],
        usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 },
      });
    },
  });
  try {
    const token = await o.login();
    const channel = await o.api("POST", "/api/v1/channel/create", {
      token,
      body: { name: "slow", type: "openai-chat", base_urls: [{ url: `http://127.0.0.1:${upstream.port}/v1` }], keys: [{ key: "k" }], models: ["slow"] },
    });
    await o.api("POST", "/api/v1/group/create", { token, body: { name: "slow", mode: "failover", items: [{ channel_id: channel.body.id, model: "slow" }] } });
    const key = (await o.api("POST", "/api/v1/apikey/create", { token, body: { name: "k" } })).body.key;

    const ran: string[] = [];
    o.octopus.lifecycle.onShutdown("first", async () => {
      await Bun.sleep(20);
      ran.push("first");
    });
    o.octopus.lifecycle.onShutdown("failing", () => {
      throw new Error("boom");
    });
    o.octopus.lifecycle.onShutdown("last", () => void ran.push("last"));

    const inFlight = o.api("POST", "/v1/chat/completions", { body: { model: "slow", messages: [{ role: "user", content: "hi" }] }, token: key });
    await reached;
    await o.close();
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(answer.body.choices[0].message.content).toBe("late but whole");
    expect(ran).toEqual(["first", "last"]);
    await expect(fetch(o.url + "/api/v1/channel/list")).rejects.toThrow();
  } finally {
    upstream.stop(true);
  }
});
