// The agent API over real HTTP against a started gateway on the embedded default (SQLite, finance demo).
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newSession, startHarness, type Harness } from "./gateway-harness.js";

let h: Harness;
let key: string;
beforeAll(async () => {
  h = await startHarness();
  key = await h.agentKey();
});
afterAll(async () => h.close());

const call = (sid: string, body: unknown, k = key) => h.req("POST", `/v1/sessions/${sid}/calls`, { key: k, body });

describe("authentication and authorization", () => {
  it("refuses unauthenticated and malformed credentials with 401", async () => {
    expect((await h.req("POST", "/v1/sessions", { body: { task: "report" } })).body).toMatchObject({ error: { code: "AUTH_MISSING" } });
    const bad = await h.req("POST", "/v1/sessions", { key: "wdn_ak_000000000000_" + "x".repeat(43), body: { task: "report" } });
    expect(bad.status).toBe(401);
    expect(bad.body).toMatchObject({ error: { code: "AUTH_INVALID" } });
    expect(bad.headers.get("x-correlation-id")).toBe((bad.body["error"] as { correlation_id: string }).correlation_id);
  });

  it("refuses a revoked key", async () => {
    const k = await h.gw.runtime.identities.createAgentKey("finance-agent");
    await h.gw.runtime.identities.revoke(k.record.id);
    expect((await h.req("POST", "/v1/sessions", { key: k.token, body: { task: "report" } })).status).toBe(401);
  });

  it("refuses a person token on the agent API and an agent key on admin routes", async () => {
    const admin = await h.token("admin");
    expect((await h.req("POST", "/v1/sessions", { key: admin, body: { task: "report" } })).body).toMatchObject({ error: { code: "AUTH_FORBIDDEN" } });
    expect((await h.req("GET", "/admin/policy", { key })).status).toBe(403);
  });

  it("checks roles and tenants on admin routes", async () => {
    const auditor = await h.token("auditor");
    expect((await h.req("POST", "/admin/policy/reload", { key: auditor })).status).toBe(403);
    expect((await h.req("GET", "/admin/policy", { key: auditor })).status).toBe(200);
    const sid = await newSession(h, key, "report");
    const otherTenant = await h.token("operator", "op", "someone-else");
    expect((await h.req("GET", `/admin/sessions/${sid}`, { key: otherTenant })).status).toBe(404);
    const sameTenant = await h.token("operator", "op2", "financeapp");
    expect((await h.req("GET", `/admin/sessions/${sid}`, { key: sameTenant })).status).toBe(200);
    expect((await h.req("POST", "/admin/agents/keys", { key: otherTenant, body: { agent: "finance-agent" } })).status).toBe(403);
  });

  it("does not show one agent's session to another agent", async () => {
    const sid = await newSession(h, key, "report");
    const other = await h.agentKey("ops-agent");
    expect((await h.req("GET", `/v1/sessions/${sid}`, { key: other })).status).toBe(404);
    expect((await call(sid, { tool: "read_account", args: { account: "3847" } }, other)).status).toBe(404);
  });
});

describe("governed calls", () => {
  it("lists the granted tools with their schemas", async () => {
    const sid = await newSession(h, key, "balance_check");
    const r = await h.req("GET", `/v1/sessions/${sid}/tools`, { key });
    expect((r.body["tools"] as { name: string }[]).map((t) => t.name)).toEqual(["fetch_url", "read_account"]);
  });

  it("denies undeclared, out-of-scope and malformed calls with the right rule ids", async () => {
    const sid = await newSession(h, key, "balance_check");
    const undeclared = await call(sid, { tool: "wire_to_crypto", args: {} });
    expect(undeclared.status).toBe(403);
    expect(undeclared.body).toMatchObject({ verdict: "deny", rule_ids: ["warden.unknown_tool"] });
    expect((await call(sid, { tool: "send_email", args: { to: "a@b.example", subject: "x", body: "y" } })).body).toMatchObject({ verdict: "deny", rule_ids: ["warden.not_in_task"] });
    const schema = await call(sid, { tool: "read_account", args: { account: 3847 } });
    expect(schema.body).toMatchObject({ verdict: "deny", rule_ids: ["warden.args_schema"] });
    expect(String(schema.body["message"])).toMatch(/must be string/);
  });

  it("executes allowed calls, applies redaction, and records audit records that verify", async () => {
    const sid = await newSession(h, key, "balance_check", "What is the balance of checking 3847?");
    const r = await call(sid, { tool: "read_account", args: { account: "3847" } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ verdict: "allow", result: { account: "3847", balance: expect.any(Number), account_number: "[REDACTED]" } });
    await h.gw.runtime.audit.flush();
    const v = spawnSync(process.execPath, ["bin/warden", "audit", "verify", "--data", join(h.dir, "data")], { encoding: "utf8" });
    expect(v.stderr + v.stdout).not.toMatch(/tamper/i);
    expect(v.status).toBe(0);
  });

  it("refuses sessions that loosen the policy's budget, and unknown tasks", async () => {
    expect((await h.req("POST", "/v1/sessions", { key, body: { task: "report", budgets: { tool_calls: 100000 } } })).body).toMatchObject({ error: { code: "SESSION_BUDGET_LOOSER" } });
    expect((await h.req("POST", "/v1/sessions", { key, body: { task: "nope" } })).body).toMatchObject({ error: { code: "REQUEST_INVALID" } });
    const tight = await h.req("POST", "/v1/sessions", { key, body: { task: "balance_check", budgets: { tool_calls: 1 } } });
    expect(tight.status).toBe(201);
    const sid = tight.body["id"] as string;
    expect((await call(sid, { tool: "read_account", args: { account: "3847" } })).status).toBe(200);
    expect((await call(sid, { tool: "read_account", args: { account: "3847" } })).body).toMatchObject({ verdict: "deny", rule_ids: ["warden.budget"] });
  });

  it("replays an idempotent call instead of running it twice", async () => {
    const sid = await newSession(h, key, "report", "send the report to bob@financeapp.example");
    const body = { tool: "send_email", args: { to: "bob@financeapp.example", subject: "report", body: "hello" }, idempotency_key: "mail-1" };
    const before = h.gw.demo?.state.outbox.length ?? 0;
    const a = await call(sid, body);
    const b = await call(sid, body);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(b.headers.get("idempotent-replay")).toBe("true");
    expect(b.body["call_id"]).toBe(a.body["call_id"]);
    expect((h.gw.demo?.state.outbox.length ?? 0) - before).toBe(1);
  });

  it("holds a call that needs a human and answers pending, then expired (denied) at the deadline", async () => {
    const sid = await newSession(h, key, "transfer", "pay 2400 to 9921 from 3847");
    const r = await call(sid, { tool: "transfer_funds", args: { from: "3847", to: "9921", amount: 2400 }, reasoning: "the user asked to pay invoice 4471" });
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({ verdict: "approve", status: "pending", rule_ids: ["large-transfer", "warden.tier_floor"], approval: { approvers: 1 } });
    const w = await h.req("GET", `${r.body["wait"] as string}?timeout=1s`, { key });
    expect(w.body).toMatchObject({ status: "pending" });
    // Move the deadline into the past: the store's clock-free expiry answers "expired" (denied).
    const id = r.body["approval_id"] as string;
    await h.gw.runtime.store.approvals.expireDue(Date.parse(String(r.body["deadline"])) + 1);
    const w2 = await h.req("GET", `/v1/approvals/${id}/wait?timeout=1s`, { key });
    expect(w2.body).toMatchObject({ status: "expired" });
  });

  it("refuses malformed and huge bodies cleanly and changes nothing", async () => {
    const sid = await newSession(h, key, "balance_check");
    const bad = await h.req("POST", `/v1/sessions/${sid}/calls`, { key, raw: "{not json", headers: { "content-type": "application/json" } });
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ error: { code: "REQUEST_INVALID" } });
    const wrong = await call(sid, { tool: 42 });
    expect(wrong.body).toMatchObject({ error: { code: "REQUEST_INVALID" } });
    const huge = await h.req("POST", `/v1/sessions/${sid}/calls`, { key, raw: JSON.stringify({ tool: "read_account", args: { account: "x".repeat(2 * 1024 * 1024) } }), headers: { "content-type": "application/json" } });
    expect(huge.status).toBe(413);
    expect(huge.body).toMatchObject({ error: { code: "REQUEST_TOO_LARGE" } });
    const s = await h.req("GET", `/v1/sessions/${sid}`, { key });
    expect(s.body).toMatchObject({ steps: 0 });
  });

  it("serves health, readiness, metrics and the OpenAPI description", async () => {
    expect((await h.req("GET", "/healthz")).body).toEqual({ status: "ok" });
    const ready = await h.req("GET", "/readyz");
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: "ready", checks: { store: { ok: true, kind: "sqlite" }, policy: { ok: true } } });
    const m = await h.req("GET", "/metrics");
    expect(m.text).toMatch(/warden_decisions_total\{verdict="allow",tool="read_account"\} \d+/);
    expect(m.text).toMatch(/warden_blocked_by_rule_total\{rule="warden.unknown_tool"\}/);
    const o = await h.req("GET", "/openapi.json");
    expect(o.body).toMatchObject({ openapi: "3.1.0" });
    expect(Object.keys(o.body["paths"] as object)).toContain("/v1/sessions/{id}/calls");
  });

  it("logs NDJSON with stable event names and correlation ids", async () => {
    const events = h.logs.map((l) => JSON.parse(l) as { event?: string; correlation_id?: string });
    expect(events.some((e) => e.event === "session.start")).toBe(true);
    expect(events.some((e) => e.event === "tool.decide" && typeof e.correlation_id === "string")).toBe(true);
    expect(events.some((e) => e.event === "tool.execute")).toBe(true);
  });
});
