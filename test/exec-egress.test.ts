// SSRF and egress: every refused destination is refused before a byte reaches it.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createExecutor, staticSecretProvider, type ExecConfig, type Executor } from "../src/exec/index.js";
import { fakeDns, json, startServer, type TestServer } from "../src/exec/testing.js";

let up: TestServer;
let other: TestServer;
const executors: Executor[] = [];

beforeEach(async () => {
  up = await startServer((r, res) => json(res, 200, { ok: true, path: r.url }));
  other = await startServer((_r, res) => json(res, 200, { reached: "other" }));
});
afterEach(async () => {
  await Promise.all(executors.splice(0).map((e) => e.close()));
  await up.close();
  await other.close();
});

function exec(tools: ExecConfig["tools"], dns: Record<string, string | string[]> = {}) {
  const lookup = fakeDns(dns);
  const e = createExecutor({ tools, credentials: { k: { env: "UNUSED" } } }, { lookup, secrets: staticSecretProvider({ k: "s3cr3t-value-123" }), random: () => 0 });
  executors.push(e);
  return Object.assign(e, { lookup });
}
const call = (tool = "t", extra: Record<string, unknown> = {}) => ({ tool, args: {}, callId: "c1", idempotent: true, ...extra });

describe("egress: allowed calls", () => {
  it("connects a host name to the checked address it resolved to (pinned: the name is unknown to system DNS)", async () => {
    const e = exec({ t: { http: { method: "GET", url: `http://api.test:${up.port}/ping` }, allow_private: ["api.test"] } }, { "api.test": "127.0.0.1" });
    const r = await e.execute(call());
    expect(r).toMatchObject({ ok: true, output: { ok: true, path: "/ping" }, attempts: 1 });
    expect(up.received[0]?.headers.host).toBe(`api.test:${up.port}`);
    expect(e.lookup.queries).toEqual(["api.test"]);
  });

  it("allows a loopback address only when allow_private names its CIDR", async () => {
    const e = exec({ t: { http: { method: "GET", url: `http://127.0.0.1:${up.port}/` }, allow_private: ["127.0.0.0/8"] } });
    expect((await e.execute(call())).ok).toBe(true);
  });
});

describe("egress: SSRF refused", () => {
  const refused = async (tools: ExecConfig["tools"], dns: Record<string, string | string[]> = {}, code = "EGRESS_PRIVATE_ADDRESS") => {
    const e = exec(tools, dns);
    const r = await e.execute(call());
    expect(r).toMatchObject({ ok: false, code, retryable: false });
    expect(up.received).toHaveLength(0);
    expect(other.received).toHaveLength(0);
    return r;
  };

  it("127.0.0.1", async () => {
    const r = await refused({ t: { http: { method: "GET", url: `http://127.0.0.1:${up.port}/` } } });
    if (!r.ok) expect(r.message).toMatch(/loopback.*allow_private/);
  });

  it("169.254.169.254 (cloud metadata), even with allow_private: true", async () => {
    await refused({ t: { http: { method: "GET", url: "http://169.254.169.254/latest/meta-data/iam/" } } });
    const r = await refused({ t: { http: { method: "GET", url: "http://169.254.169.254/latest/meta-data/iam/" }, allow_private: true } });
    if (!r.ok) expect(r.message).toMatch(/cloud metadata/);
  });

  it("other metadata endpoints: 100.100.100.200 and fd00:ec2::254", async () => {
    await refused({ t: { http: { method: "GET", url: "http://100.100.100.200/latest/meta-data/" } } });
    await refused({ t: { http: { method: "GET", url: "http://[fd00:ec2::254]/latest/meta-data/" } } });
  });

  it("a host name that resolves to loopback", async () => {
    await refused({ t: { http: { method: "GET", url: `http://evil.test:${up.port}/` } } }, { "evil.test": "127.0.0.1" });
  });

  it("a host name with a mixed answer (one public, one private) is refused, not filtered", async () => {
    await refused({ t: { http: { method: "GET", url: `http://mixed.test:${up.port}/` } } }, { "mixed.test": ["93.184.216.34", "127.0.0.1"] });
  });

  it("IPv6 loopback and IPv4-mapped loopback, as literals and as DNS answers", async () => {
    await refused({ t: { http: { method: "GET", url: `http://[::1]:${up.port}/` } } });
    await refused({ t: { http: { method: "GET", url: `http://[::ffff:127.0.0.1]:${up.port}/` } } });
    await refused({ t: { http: { method: "GET", url: `http://v6.test:${up.port}/` } } }, { "v6.test": "::ffff:127.0.0.1" });
  });

  it("private, CGNAT, unique-local, unspecified", async () => {
    for (const a of ["10.0.0.1", "192.168.1.10", "172.16.5.4", "100.64.0.1", "fc00::1", "0.0.0.0", "::"])
      await refused({ t: { http: { method: "GET", url: `http://h.test:${up.port}/` } } }, { "h.test": a });
  });

  it("a redirect to a private address", async () => {
    await up.close();
    up = await startServer((_r, res) => {
      res.writeHead(302, { location: `http://internal.test:${other.port}/admin` });
      res.end();
    });
    const e = exec(
      { t: { http: { method: "GET", url: `http://api.test:${up.port}/`, egress: ["*.test"] }, allow_private: ["api.test"] } },
      { "api.test": "127.0.0.1", "internal.test": "127.0.0.1" },
    );
    const r = await e.execute(call());
    expect(r).toMatchObject({ ok: false, code: "EGRESS_PRIVATE_ADDRESS" });
    expect(up.received).toHaveLength(1);
    expect(other.received).toHaveLength(0);
  });

  it("a redirect to the metadata address", async () => {
    await up.close();
    up = await startServer((_r, res) => {
      res.writeHead(307, { location: "http://169.254.169.254/latest/meta-data/" });
      res.end();
    });
    const e = exec({ t: { http: { method: "GET", url: `http://api.test:${up.port}/`, egress: ["*"] }, allow_private: ["api.test"] } }, { "api.test": "127.0.0.1" });
    expect(await e.execute(call())).toMatchObject({ ok: false, code: "EGRESS_PRIVATE_ADDRESS" });
  });
});

describe("egress: allowlists", () => {
  it("refuses a host outside the decision's egress (intersection with the adapter's)", async () => {
    const e = exec({ t: { http: { method: "GET", url: `http://api.test:${up.port}/` }, allow_private: ["api.test"] } }, { "api.test": "127.0.0.1" });
    const r = await e.execute(call("t", { egress: ["docs.financeapp.example"] }));
    expect(r).toMatchObject({ ok: false, code: "EGRESS_DENIED" });
    expect(up.received).toHaveLength(0);
    expect(e.lookup.queries).toHaveLength(0);
    expect((await e.execute(call("t", { egress: ["*.test"] }))).ok).toBe(true);
  });

  it("refuses a redirect to a host outside the adapter's allowlist", async () => {
    await up.close();
    up = await startServer((_r, res) => {
      res.writeHead(302, { location: `http://elsewhere.example:${other.port}/` });
      res.end();
    });
    const e = exec({ t: { http: { method: "GET", url: `http://api.test:${up.port}/` }, allow_private: true } }, { "api.test": "127.0.0.1", "elsewhere.example": "127.0.0.1" });
    expect(await e.execute(call())).toMatchObject({ ok: false, code: "EGRESS_DENIED" });
    expect(other.received).toHaveLength(0);
  });

  it("follows allowed redirects, re-checking each hop, and stops after 5", async () => {
    await up.close();
    up = await startServer((r, res) => {
      const n = Number(r.url.slice(1) || "0");
      if (r.url === "/done") return json(res, 200, { hops: "done" });
      res.writeHead(302, { location: n >= 2 ? "/done" : `/${n + 1}` });
      res.end();
    });
    const e = exec({ t: { http: { method: "GET", url: `http://api.test:${up.port}/` }, allow_private: ["api.test"] } }, { "api.test": "127.0.0.1" });
    expect(await e.execute(call())).toMatchObject({ ok: true, output: { hops: "done" } });
    expect(e.lookup.queries).toHaveLength(4); // one DNS check per hop: /, /1, /2, /done

    await up.close();
    up = await startServer((r, res) => {
      res.writeHead(302, { location: `/${Number(r.url.slice(1) || "0") + 1}` });
      res.end();
    });
    const e2 = exec({ t: { http: { method: "GET", url: `http://api.test:${up.port}/` }, allow_private: ["api.test"] } }, { "api.test": "127.0.0.1" });
    expect(await e2.execute(call())).toMatchObject({ ok: false, code: "EGRESS_TOO_MANY_REDIRECTS" });
    expect(up.received).toHaveLength(6);
  });

  it("drops credential headers on a cross-origin redirect", async () => {
    await up.close();
    up = await startServer((_r, res) => {
      res.writeHead(307, { location: `http://other.test:${other.port}/` });
      res.end();
    });
    const e = exec(
      { t: { http: { method: "GET", url: `http://api.test:${up.port}/`, headers: { Authorization: "Bearer ${credential:k}", "X-Trace": "1" }, egress: ["other.test"] }, credentials: ["k"], allow_private: true } },
      { "api.test": "127.0.0.1", "other.test": "127.0.0.1" },
    );
    expect((await e.execute(call())).ok).toBe(true);
    expect(up.received[0]?.headers.authorization).toBe("Bearer s3cr3t-value-123");
    expect(other.received[0]?.headers.authorization).toBeUndefined();
    expect(other.received[0]?.headers["x-trace"]).toBe("1");
  });

  it("refuses non-http schemes in a redirect", async () => {
    await up.close();
    up = await startServer((_r, res) => {
      res.writeHead(302, { location: "file:///etc/passwd" });
      res.end();
    });
    const e = exec({ t: { http: { method: "GET", url: `http://api.test:${up.port}/` }, allow_private: ["api.test"] } }, { "api.test": "127.0.0.1" });
    expect(await e.execute(call())).toMatchObject({ ok: false, code: "EGRESS_DENIED" });
  });
});
