// Child process: a pass-through proxy built like the gateway's HTTP layer (Hono on @hono/node-server, a
// correlation-id middleware, JSON body read, JSON answer) with none of its governance, forwarding to the
// upstream over a keep-alive agent. The floor for "an HTTP hop in Hono on Node" (cpu.ts --hono).
//   node --import tsx bench/gateway/hono-proxy.ts UPSTREAM_PORT
import { randomUUID } from "node:crypto";
import { Agent, request } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";

const upstreamPort = Number(process.argv[2]);
const agent = new Agent({ keepAlive: true, maxSockets: 64, maxFreeSockets: 64 });
const fetchUpstream = () =>
  new Promise<unknown>((resolve, reject) => {
    const up = request({ host: "127.0.0.1", port: upstreamPort, method: "GET", path: "/echo", agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve(JSON.parse(Buffer.concat(chunks).toString("utf8"))));
    });
    up.on("error", reject);
    up.end();
  });

const app = new Hono();
app.use("*", async (c, next) => {
  c.header("x-correlation-id", randomUUID());
  await next();
});
app.post("/v1/sessions/:id/calls", async (c) => {
  const body = (await c.req.json()) as { tool: string };
  return c.json({ verdict: "allow", tool: body.tool, session: c.req.param("id"), result: await fetchUpstream() });
});
const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) => process.stdout.write(JSON.stringify({ port: info.port }) + "\n"));
process.on("message", (m: { cmd?: string }) => {
  if (m.cmd !== "cpu") return;
  const u = process.cpuUsage();
  process.send?.({ cpu_us: u.user + u.system });
});
process.once("SIGTERM", () => server.close(() => process.exit(0)));
