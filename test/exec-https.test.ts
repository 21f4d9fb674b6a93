// HTTPS upstreams: the connection is pinned to the checked address while TLS still verifies the host name.
import { readFileSync } from "node:fs";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createExecutor, type Executor } from "../src/exec/index.js";
import { fakeDns } from "../src/exec/testing.js";

// A self-signed certificate for `api.test`, generated for these tests only (src/exec/testdata).
const cert = readFileSync(new URL("../src/exec/testdata/api-test.crt", import.meta.url), "utf8");
const key = readFileSync(new URL("../src/exec/testdata/api-test.key", import.meta.url), "utf8");

let server: https.Server;
let port = 0;
const seen: string[] = [];
const executors: Executor[] = [];

beforeEach(async () => {
  seen.length = 0;
  server = https.createServer({ cert, key }, (req, res) => {
    seen.push(`${req.method} ${req.url} sni=${(req.socket as unknown as { servername?: string }).servername ?? ""}`);
    if (req.url === "/downgrade") {
      res.writeHead(302, { location: `http://api.test:${port}/plain` });
      return res.end();
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ secure: true }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
});
afterEach(async () => {
  await Promise.all(executors.splice(0).map((e) => e.close()));
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const make = (path: string, ca?: string) => {
  const e = createExecutor(
    { tools: { t: { http: { method: "GET", url: `https://api.test:${port}${path}` }, allow_private: ["api.test"], retries: { max: 2, base: "1ms", max_delay: "2ms" } } } },
    { lookup: fakeDns({ "api.test": "127.0.0.1" }), ...(ca ? { ca } : {}) },
  );
  executors.push(e);
  return e;
};
const call = { tool: "t", args: {}, callId: "c", idempotent: true };

describe("https upstreams", () => {
  it("connects to the pinned address with SNI and certificate checks for the host name", async () => {
    expect(await make("/ok", cert).execute(call)).toMatchObject({ ok: true, output: { secure: true } });
    expect(seen).toEqual(["GET /ok sni=api.test"]);
  });

  it("refuses an untrusted certificate, without retrying", async () => {
    const r = await make("/ok").execute(call);
    expect(r).toMatchObject({ ok: false, code: "UPSTREAM_UNREACHABLE", attempts: 1, retryable: false });
    if (!r.ok) expect(r.message).toMatch(/TLS certificate/);
    expect(seen).toHaveLength(0);
  });

  it("refuses a redirect from https to http", async () => {
    expect(await make("/downgrade", cert).execute(call)).toMatchObject({ ok: false, code: "EGRESS_DENIED" });
    expect(seen).toEqual(["GET /downgrade sni=api.test"]);
  });
});
