/**
 * `/metrics` scraped as Prometheus does, parsed with a text-format parser: counters equal the
 * requests sent by status class, the histograms count every request, and a set metrics_token
 * refuses scrapes without it.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import parsePrometheusTextFormat, { type MetricFamily } from "parse-prometheus-text-format";
import { join } from "node:path";
import OpenAI from "openai";
import { addRawUpstream, startStage, type Stage } from "./relay/harness";

let stage: Stage;
beforeAll(async () => {
  stage = await startStage();
});
afterAll(() => stage.close());

const reply = (status: number) =>
  status === 200
    ? Response.json({
        id: "chatcmpl-m",
        object: "chat.completion",
        created: 1,
        model: "up",
        choices: [{ index: 0, message: { role: "assistant", content: "ok" }, finish_reason: "stop" }],
        usage: { prompt_tokens: 25, completion_tokens: 9, total_tokens: 34 },
      })
    : Response.json({ error: { message: "bad request", type: "invalid_request_error" } }, { status });

async function scrape(headers: Record<string, string> = {}) {
  const response = await fetch(`${stage.octopus.url}/metrics`, { headers });
  return { status: response.status, type: response.headers.get("content-type"), text: await response.text() };
}

const family = (families: MetricFamily[], name: string) => families.find((f) => f.name === name)!;

test("requests counted by status class; histograms count each; tokens and in-flight gauges", async () => {
  let answer = 200;
  await addRawUpstream(stage, "metered", "openai-chat", () => reply(answer));
  const client = new OpenAI({ baseURL: `${stage.octopus.url}/v1`, apiKey: stage.key, maxRetries: 0 });
  const send = () => client.chat.completions.create({ model: "metered", messages: [{ role: "user", content: "hi" }] }).then(() => 200, (e) => e.status as number);
  const sent: number[] = [];
  for (let i = 0; i < 7; i++) sent.push(await send());
  answer = 400;
  for (let i = 0; i < 3; i++) sent.push(await send());
  expect(sent).toEqual([...Array(7).fill(200), ...Array(3).fill(400)]);

  const { status, type, text } = await scrape();
  expect(status).toBe(200);
  expect(type).toStartWith("text/plain; version=0.0.4");
  const families = parsePrometheusTextFormat(text);
  const requests = family(families, "octopus_requests_total");
  expect(requests.type).toBe("COUNTER");
  const byClass = (cls: string) =>
    requests.metrics.filter((m) => m.labels!.group === "metered" && m.labels!.status_class === cls).reduce((n, m) => n + Number(m.value), 0);
  expect([byClass("2xx"), byClass("4xx"), byClass("5xx")]).toEqual([7, 3, 0]);
  expect(requests.metrics.find((m) => m.labels!.status_class === "2xx" && m.labels!.group === "metered")!.labels).toEqual({
    group: "metered",
    channel: "metered",
    model: "up",
    format: "openai-chat",
    status_class: "2xx",
  });

  // The stage's own set-up sent none through the relay: the histograms hold exactly these requests.
  const [duration] = family(families, "octopus_request_duration_seconds").metrics;
  expect(family(families, "octopus_request_duration_seconds").type).toBe("HISTOGRAM");
  expect(Number(duration.count)).toBe(10);
  expect(Number(duration.buckets!["+Inf"])).toBe(10);
  // Only served requests have a first byte to time.
  expect(Number(family(families, "octopus_ttfb_seconds").metrics[0].count)).toBe(7);

  const tokens = family(families, "octopus_tokens_total").metrics.filter((m) => m.labels!.group === "metered");
  expect(Object.fromEntries(tokens.map((m) => [m.labels!.kind, Number(m.value)]))).toEqual({ input: 7 * 25, output: 7 * 9 });
  const outcomes = Object.fromEntries(family(families, "octopus_upstream_attempts_total").metrics.map((m) => [m.labels!.outcome, Number(m.value)]));
  expect(outcomes.success).toBeGreaterThanOrEqual(7);
  expect(outcomes.refused).toBeGreaterThanOrEqual(3);
  for (const name of ["octopus_requests_in_flight", "octopus_streams_in_flight"]) expect(family(families, name).metrics[0].value).toBe("0");
  for (const name of ["octopus_log_queue_depth", "octopus_log_rows_dropped_total", "octopus_stats_flush_failures_total", "octopus_event_loop_lag_seconds", "octopus_process_resident_memory_bytes"])
    expect(family(families, name)).toBeDefined();
  expect(family(families, "octopus_channel_circuits").metrics.some((m) => m.labels!.channel === "metered")).toBe(true);

  // The Grafana dashboard asks only for metrics this scrape has.
  const dashboard = await Bun.file(join(import.meta.dir, "..", "packaging", "grafana", "octopus.json")).json();
  const asked = new Set<string>(dashboard.panels.flatMap((p: any) => p.targets.flatMap((t: any) => t.expr.match(/octopus_[a-z_]+/g))));
  const names = new Set(families.map((f) => f.name));
  expect([...asked].filter((n) => !names.has(n.replace(/_bucket$/, "")))).toEqual([]);
  expect(asked.size).toBeGreaterThan(10);
});

test("a stream in flight shows in the gauges until it ends", async () => {
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await addRawUpstream(stage, "slow-stream", "openai-chat", () => {
    const body = new ReadableStream({
      async start(controller) {
        const frame = (o: unknown) => controller.enqueue(new TextEncoder().encode(`data: ${JSON.stringify(o)}\n\n`));
        frame({ id: "c", object: "chat.completion.chunk", created: 1, model: "up", choices: [{ index: 0, delta: { role: "assistant", content: "o" }, finish_reason: null }] });
        await held;
        frame({ id: "c", object: "chat.completion.chunk", created: 1, model: "up", choices: [{ index: 0, delta: {}, finish_reason: "stop" }] });
        controller.enqueue(new TextEncoder().encode("data: [DONE]\n\n"));
        controller.close();
      },
    });
    return new Response(body, { headers: { "content-type": "text/event-stream" } });
  });
  const client = new OpenAI({ baseURL: `${stage.octopus.url}/v1`, apiKey: stage.key, maxRetries: 0 });
  const stream = await client.chat.completions.create({ model: "slow-stream", stream: true, messages: [{ role: "user", content: "hi" }] });
  const gauges = async () => {
    const families = parsePrometheusTextFormat((await scrape()).text);
    return ["octopus_requests_in_flight", "octopus_streams_in_flight"].map((n) => Number(family(families, n).metrics[0].value));
  };
  expect(await gauges()).toEqual([1, 1]);
  release();
  for await (const _ of stream);
  await Bun.sleep(50);
  expect(await gauges()).toEqual([0, 0]);
});

test("with metrics_token set, a scrape needs that bearer token", async () => {
  const set = await stage.octopus.api("POST", "/api/v1/setting/set", { token: stage.token, body: { key: "metrics_token", value: "scrape-secret-123" } });
  expect(set.status).toBe(200);
  try {
    expect((await scrape()).status).toBe(401);
    expect((await scrape({ authorization: "Bearer wrong" })).status).toBe(401);
    const ok = await scrape({ authorization: "Bearer scrape-secret-123" });
    expect(ok.status).toBe(200);
    expect(parsePrometheusTextFormat(ok.text).length).toBeGreaterThan(10);
  } finally {
    await stage.octopus.api("POST", "/api/v1/setting/set", { token: stage.token, body: { key: "metrics_token", value: "" } });
  }
});
