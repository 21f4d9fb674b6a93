// Child process: a trivial upstream HTTP tool on loopback. Answers every request with a small JSON body.
// Prints {"port": N} on stdout once listening; exits on SIGTERM.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

const body = Buffer.from(JSON.stringify({ ok: true, balance: 4200, currency: "USD", account: "3847" }));
const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => res.writeHead(200, { "content-type": "application/json", "content-length": body.length }).end(body));
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => process.stdout.write(JSON.stringify({ port: (server.address() as AddressInfo).port }) + "\n"));
process.once("SIGTERM", () => server.close(() => process.exit(0)));
