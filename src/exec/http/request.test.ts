// sendHop watches the abort signal itself (not through http.request's `signal` option): an abort still
// destroys the exchange at any stage, and a finished exchange leaves no listener on the signal.
import { createServer, Agent, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { getEventListeners } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendHop, type Hop } from "./request.js";

let server: Server;
let port: number;
let closed = 0;
beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    res.on("close", () => {
      if (!res.writableFinished) closed++;
    });
    if (req.url === "/ok") return res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    // /slow: headers and a first chunk, then nothing.
    res.writeHead(200, { "content-type": "text/plain" });
    res.write("first");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const hop = (path: string): Hop => ({
  tool: "t", url: new URL(`http://127.0.0.1:${port}${path}`), method: "GET", headers: {}, body: undefined,
  pinned: { address: "127.0.0.1", family: 4 }, agent: new Agent({ keepAlive: true }), maxBytes: 1 << 20,
});

describe("sendHop and its abort signal", () => {
  it("a finished exchange leaves no abort listener behind", async () => {
    const ac = new AbortController();
    const r = await sendHop(hop("/ok"), ac.signal);
    expect(r.status).toBe(200);
    expect(r.body.toString()).toBe('{"ok":true}');
    expect(getEventListeners(ac.signal, "abort")).toHaveLength(0);
  });

  it("an abort while the body streams rejects with the signal's reason and tears the connection down", async () => {
    const ac = new AbortController();
    const p = sendHop(hop("/slow"), ac.signal);
    await new Promise((r) => setTimeout(r, 100));
    const reason = new Error("emergency stop");
    ac.abort(reason);
    await expect(p).rejects.toBe(reason);
    expect(getEventListeners(ac.signal, "abort")).toHaveLength(0);
    await expect.poll(() => closed).toBe(1);
  });

  it("an abort before the answer rejects with the signal's reason", async () => {
    const ac = new AbortController();
    const p = sendHop(hop("/slow"), ac.signal);
    ac.abort(new Error("halted"));
    await expect(p).rejects.toThrow("halted");
  });
});
