/**
 * The floor for any Bun relay: reads the request body, forwards it to the same path on the
 * upstream (`--upstream URL`), and streams the answer back untouched. Prints its port, exits when stdin closes.
 */
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { upstream: { type: "string" } } });
if (!values.upstream) throw new Error("--upstream URL is required");
const upstream = values.upstream;

const server = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  async fetch(request) {
    const { pathname, search } = new URL(request.url);
    const response = await fetch(upstream + pathname + search, {
      method: request.method,
      headers: { "content-type": request.headers.get("content-type") ?? "application/json" },
      body: await request.arrayBuffer(),
    });
    return new Response(response.body, {
      status: response.status,
      headers: { "content-type": response.headers.get("content-type") ?? "application/octet-stream" },
    });
  },
});

console.log(server.port);
for await (const _ of Bun.stdin.stream());
process.exit(0);
