/** Request logs through the admin API: one log with its attempts and bodies, filters, the live stream, the switches. */
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import type { LogAttempt } from "../../src/db/stores/logs";
import { SSEParser } from "../../src/protocols/sse";
import { groupFor, minimalRequest, post, startStage, type Stage } from "../relay/harness";

let stage: Stage;
beforeAll(async () => {
  stage = await startStage();
});
afterAll(() => stage.close());
afterEach(() => stage.clearFaults());

const api = (method: string, path: string, body?: unknown) => stage.octopus.api(method, path, { token: stage.token, body });
const setting = (key: string, value: unknown) => api("POST", "/api/v1/setting/set", { key, value });

async function ask(group = groupFor("anthropic"), stream = false) {
  const response = await post(stage, "openai-chat", group, stream, minimalRequest("openai-chat", group, stream));
  await response.text();
  return response.status;
}

describe("request logs", () => {
  test("a log lists without bodies; fetched alone it has its attempts and, when capture is on, the bodies", async () => {
    expect((await setting("relay_log_capture_bodies", true)).status).toBe(200);
    await setting("relay_log_body_limit", 2048);
    expect(await ask(groupFor("anthropic"), true)).toBe(200);
    const list = await api("GET", "/api/v1/log/list?page=1&page_size=5");
    const item = list.body.items[0];
    expect(item).toMatchObject({ model: groupFor("anthropic"), channel: "mock-anthropic", status: 200, format: "openai-chat" });
    expect(item).not.toHaveProperty("request_body");
    const one = (await api("GET", `/api/v1/log/${item.id}`)).body;
    expect(one.attempts).toEqual([expect.objectContaining({ channel_name: "mock-anthropic", key_remark: "mock", status: 200 })]);
    expect(JSON.parse(one.request_body).messages[0].content).toBe("Say hello");
    expect(one.response_body).toContain("data: ");
    expect(one.response_body).toContain("Hello");
    await setting("relay_log_capture_bodies", false);
    await ask();
    const latest = (await api("GET", "/api/v1/log/list?page_size=1")).body.items[0];
    expect((await api("GET", `/api/v1/log/${latest.id}`)).body.request_body).toBeNull();
  });

  test("filters by model and status; a failed request shows its error and attempts", async () => {
    stage.mocks.gemini.fault({ kind: "status", status: 503 });
    expect(await ask(groupFor("gemini"))).toBe(503);
    const failed = await api("GET", `/api/v1/log/list?status=failed&model=${groupFor("gemini")}`);
    expect(failed.body.total).toBe(1);
    expect(failed.body.items[0]).toMatchObject({ status: 503, error: expect.any(String) });
    const ok = await api("GET", `/api/v1/log/list?status=success&model=${groupFor("gemini")}`);
    expect(ok.body.total).toBe(0);
  });

  test("the live stream delivers each new log as an SSE event", async () => {
    const controller = new AbortController();
    const response = await fetch(`${stage.octopus.url}/api/v1/log/stream`, { headers: { authorization: `Bearer ${stage.token}` }, signal: controller.signal });
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const reader = response.body!.getReader();
    await reader.read(); // the opening comment
    await ask(groupFor("openai-responses"));
    const parser = new SSEParser();
    let event;
    while (!event) {
      const { value } = await reader.read();
      event = parser.push(value!)[0];
    }
    controller.abort();
    expect(JSON.parse(event.data)).toMatchObject({ model: groupFor("openai-responses"), channel: "mock-openai-responses", status: 200, input_tokens: 25 });
    expect((await fetch(`${stage.octopus.url}/api/v1/log/stream`)).status).toBe(401);
  });

  test("with logging off, requests are counted but not logged; clear empties the logs", async () => {
    await setting("relay_log_enabled", false);
    const before = (await api("GET", "/api/v1/log/list")).body.total;
    const requests = (await api("GET", "/api/v1/stats/total")).body.requests;
    await ask();
    expect((await api("GET", "/api/v1/log/list")).body.total).toBe(before);
    expect((await api("GET", "/api/v1/stats/total")).body.requests).toBe(requests + 1);
    await setting("relay_log_enabled", true);
    expect((await api("DELETE", "/api/v1/log/clear")).status).toBe(200);
    expect((await api("GET", "/api/v1/log/list")).body.total).toBe(0);
  });

  test("a setting pinned by the environment is shown as such and cannot be changed", async () => {
    const listed = (await api("GET", "/api/v1/setting/list")).body.find((s: any) => s.key === "model_info_url");
    expect(listed).toMatchObject({ value: "", pinned: true });
    const refused = await setting("model_info_url", "http://127.0.0.1:1/api.json");
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain("OCTOPUS_SETTING_MODEL_INFO_URL");
  });

  test("logs older than relay_log_keep_days are pruned", async () => {
    await ask();
    await stage.octopus.octopus.accounting.logs.flush();
    const stores = stage.octopus.octopus.stores;
    const recent = (await stores.logs.list({}, 1, 1)).items[0];
    const { id: _id, attempts, ...row } = (await stores.logs.get(recent.id))!;
    await stores.logs.insert([{ ...row, attempts: attempts as LogAttempt[], time: Date.now() - 31 * 86_400_000, model: "ancient" }]);
    expect((await stores.logs.list({ model: "ancient" }, 1, 10)).total).toBe(1);
    await stage.octopus.octopus.accounting.logs.prune(stage.octopus.octopus.state.settings.relay_log_keep_days);
    expect((await stores.logs.list({ model: "ancient" }, 1, 10)).total).toBe(0);
    expect((await stores.logs.get(recent.id))!.id).toBe(recent.id);
  });
});
