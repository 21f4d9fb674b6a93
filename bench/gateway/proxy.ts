// Child process: a bare Node pass-through proxy (node:http, keep-alive agent) to the upstream: the
// throughput floor for "an HTTP hop in Node". No auth, no policy, no audit.
//   node --import tsx bench/gateway/proxy.ts UPSTREAM_PORT
import { Agent, createServer, request } from "node:http";
import type { AddressInfo } from "node:net";

const upstreamPort = Number(process.argv[2]);
const agent = new Agent({ keepAlive: true, maxSockets: 256 });
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const up = request({ host: "127.0.0.1", port: upstreamPort, method: "GET", path: "/echo", agent }, (ur) => {
      const out: Buffer[] = [];
      ur.on("data", (c: Buffer) => out.push(c));
      ur.on("end", () => {
        const b = Buffer.concat(out);
        res.writeHead(ur.statusCode ?? 502, { "content-type": "application/json", "content-length": b.length }).end(b);
      });
    });
    up.on("error", () => res.writeHead(502).end());
    up.end();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => process.stdout.write(JSON.stringify({ port: (server.address() as AddressInfo).port }) + "\n"));
// {cmd: "cpu"} answers {cpu_us}: the process's CPU time so far (user + system, µs).
process.on("message", (m: { cmd?: string }) => {
  if (m.cmd !== "cpu") return;
  const u = process.cpuUsage();
  process.send?.({ cpu_us: u.user + u.system });
});
process.once("SIGTERM", () => server.close(() => process.exit(0)));
