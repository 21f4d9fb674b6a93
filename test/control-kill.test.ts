// Kill switch over real HTTP: emergency stop with calls in flight, graceful stop, scopes, resume by
// operators only, audit with who and why, persistence across a restart, replicas via the control store.
import { afterEach, describe, expect, it } from "vitest";
import { startGateway } from "../src/gateway/index.js";
import { controlOf } from "../src/control/index.js";
import { newSession, type Harness } from "./gateway-harness.js";
import { code, controlHarness, probe, testBuiltins, webhook } from "./control-helpers.js";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const call = (hh: Harness, key: string, sid: string, tool: string, args: unknown = {}) => hh.req("POST", `/v1/sessions/${sid}/calls`, { key, body: { tool, args } });

async function auditActions(hh: Harness): Promise<{ action: string; details: Record<string, unknown> }[]> {
  await hh.gw.audit.log.flush();
  const rows = await hh.gw.audit.store.audit.query({ kind: "control" });
  return rows.map((r) => {
    const all = { ...(JSON.parse(r.header) as Record<string, unknown>), ...(r.payload ? (JSON.parse(r.payload) as Record<string, unknown>) : {}) };
    return { action: String(all["action"]), details: (all["details"] ?? {}) as Record<string, unknown> };
  });
}

describe("emergency stop", () => {
  it("aborts in-flight executions of many concurrent callers, and no execution starts afterwards", async () => {
    const p = probe();
    const hook = await webhook();
    h = await controlHarness(p, { env: { WARDEN_ALERT_WEBHOOK: hook.url } });
    const key = await h.agentKey("a1");
    const other = await h.agentKey("b1");
    const op = await h.token("operator", "olivia");
    const sessions = await Promise.all(Array.from({ length: 12 }, () => newSession(h as Harness, key, "work")));
    const bystander = await newSession(h, other, "work");
    // Each worker calls `slow` in a loop until it is refused.
    const results: { status: number; code?: string | undefined; sentAt: number }[] = [];
    const workers = sessions.map(async (sid) => {
      for (let i = 0; i < 200; i++) {
        const sentAt = performance.now();
        const r = await call(h as Harness, key, sid, "slow");
        results.push({ status: r.status, code: code(r), sentAt });
        if (r.status === 403) return;
      }
    });
    while (p.running < 8) await new Promise((r) => setTimeout(r, 5));
    const stopAt = performance.now();
    const kill = await h.req("POST", "/admin/control/kill", { key: op, body: { level: "emergency", scope: { kind: "agent", id: "a1" }, reason: "exfiltrating data right now" } });
    const killReturned = performance.now();
    expect(kill.status).toBe(200);
    expect(kill.body["aborted"] as number).toBeGreaterThanOrEqual(8);
    await Promise.all(workers);
    // Every execution that was running when the stop came was aborted, and none started after it took effect.
    expect(p.running).toBe(0);
    expect(p.ends.filter((e) => e.aborted).length).toBeGreaterThanOrEqual(8);
    expect(p.starts.filter((t) => t > killReturned)).toEqual([]);
    expect(results.filter((r) => r.status === 502).every((r) => r.sentAt < killReturned)).toBe(true);
    expect(results.filter((r) => r.sentAt > killReturned).every((r) => r.status === 403 && r.code === "CONTROL_HALTED")).toBe(true);
    expect(stopAt).toBeLessThan(killReturned);
    // The scope's sessions are halted and new ones refused (its keys are suspended); another tenant's agent still works.
    expect((await h.req("GET", `/v1/sessions/${sessions[0]}`, { key })).body["status"]).toBe("halted");
    expect(code(await h.req("POST", "/v1/sessions", { key, body: { task: "work" } }))).toBe("CONTROL_HALTED");
    expect((await call(h, other, bystander, "fast")).status).toBe(200);
    // Audited with who and why; alerted.
    const rec = (await auditActions(h)).find((r) => r.action === "kill.emergency");
    expect(rec?.details).toMatchObject({ by: "olivia (operator)", reason: "exfiltrating data right now", scope: { kind: "agent", id: "a1" } });
    await controlOf(h.gw.runtime)?.alerts.flush();
    expect(hook.alerts.some((a) => a["event"] === "kill.emergency" && a["severity"] === "critical")).toBe(true);
    hook.close();
  });

  it("cancels the scope's pending approvals", async () => {
    h = await controlHarness(probe());
    const key = await h.agentKey("a1");
    const op = await h.token("operator");
    const sid = await newSession(h, key, "work");
    const held = await h.req("POST", `/v1/sessions/${sid}/calls`, { key, body: { tool: "ask", args: {}, reasoning: "the user asked for it" } });
    expect(held.status).toBe(202);
    await h.req("POST", "/admin/control/kill", { key: op, body: { level: "emergency", scope: { kind: "session", id: sid }, reason: "stop it" } });
    const w = await h.req("GET", `/v1/approvals/${held.body["approval_id"]}/wait?timeout=1s`, { key });
    expect(w.body).toMatchObject({ status: "cancelled", reason: "stop it" });
  });

  it("is refused to agents, auditors and other tenants' operators; resume needs an operator and is audited", async () => {
    h = await controlHarness(probe());
    const key = await h.agentKey("a1");
    const scope = { kind: "agent", id: "a1" };
    const body = { level: "emergency", scope, reason: "test stop" };
    expect((await h.req("POST", "/admin/control/kill", { key, body })).status).toBe(403);
    expect((await h.req("POST", "/admin/control/kill", { key: await h.token("auditor"), body })).status).toBe(403);
    expect((await h.req("POST", "/admin/control/kill", { key: await h.token("operator", "x", "t2"), body })).status).toBe(403);
    expect((await h.req("POST", "/admin/control/kill", { key: await h.token("operator", "y", "t2"), body: { ...body, scope: { kind: "all" } } })).status).toBe(403);
    const op = await h.token("operator", "tina", "t1");
    expect((await h.req("POST", "/admin/control/kill", { key: op, body })).status).toBe(200);
    const sid = await h.req("POST", "/v1/sessions", { key, body: { task: "work" } });
    expect(code(sid)).toBe("CONTROL_HALTED");
    // Resume: not by an agent, not by an approver; an operator of the tenant may.
    expect((await h.req("POST", "/admin/control/resume", { key, body: { scope, reason: "ok" } })).status).toBe(403);
    expect((await h.req("POST", "/admin/control/resume", { key: await h.token("approver"), body: { scope, reason: "looks fine" } })).status).toBe(403);
    const r = await h.req("POST", "/admin/control/resume", { key: op, body: { scope, reason: "reviewed: false alarm" } });
    expect(r.status).toBe(200);
    expect((await h.req("POST", "/admin/control/resume", { key: op, body: { scope, reason: "again" } })).body).toMatchObject({ error: { code: "CONTROL_NOT_HALTED" } });
    const s2 = await newSession(h, key, "work");
    expect((await call(h, key, s2, "fast")).status).toBe(200);
    const resumed = (await auditActions(h)).find((x) => x.action === "control.resume");
    expect(resumed?.details).toMatchObject({ by: "tina (operator)", reason: "reviewed: false alarm" });
  });
});

describe("graceful stop", () => {
  it("lets the in-flight call finish, refuses new ones, then reports stopped", async () => {
    const p = probe();
    h = await controlHarness(p);
    const key = await h.agentKey("a1");
    const op = await h.token("operator");
    const sid = await newSession(h, key, "work");
    const inflight = call(h, key, sid, "hold");
    while (p.running < 1) await new Promise((r) => setTimeout(r, 2));
    const kill = await h.req("POST", "/admin/control/kill", { key: op, body: { level: "graceful", scope: { kind: "tenant", id: "t1" }, reason: "maintenance" } });
    expect(kill.status).toBe(202);
    expect(kill.body["halt"]).toMatchObject({ state: "draining", level: "graceful" });
    const refused = await call(h, key, sid, "fast");
    expect(code(refused)).toBe("CONTROL_HALTED");
    expect(p.starts.length).toBe(1);
    p.release();
    const done = await inflight;
    expect(done.status).toBe(200);
    expect(done.body["result"]).toEqual({ held: true });
    // Stopped once drained; the session saved as paused.
    let st: Record<string, unknown> = {};
    for (let i = 0; i < 100; i++) {
      st = (await h.req("GET", "/admin/control", { key: op })).body;
      if ((st["halts"] as { state: string }[])[0]?.state === "stopped") break;
      await new Promise((r) => setTimeout(r, 10));
    }
    expect((st["halts"] as { state: string }[])[0]?.state).toBe("stopped");
    expect((await h.req("GET", `/v1/sessions/${sid}`, { key })).body["status"]).toBe("paused");
    expect(p.ends.every((e) => !e.aborted)).toBe(true);
    // Resume reactivates the session it paused.
    await h.req("POST", "/admin/control/resume", { key: op, body: { scope: { kind: "tenant", id: "t1" }, reason: "maintenance over" } });
    expect((await call(h, key, sid, "fast")).status).toBe(200);
  });

  it("with wait: true answers once stopped; readiness stays 200 and shows the halt", async () => {
    h = await controlHarness(probe());
    const op = await h.token("operator");
    const k = await h.req("POST", "/admin/control/kill", { key: op, body: { level: "graceful", scope: { kind: "all" }, reason: "planned", wait: true } });
    expect(k.status).toBe(200);
    expect(k.body["halt"]).toMatchObject({ state: "stopped" });
    const ready = await h.req("GET", "/readyz");
    expect(ready.status).toBe(200);
    expect((ready.body["checks"] as { control: { halted: unknown[] } }).control.halted).toEqual([expect.objectContaining({ scope: { kind: "all", id: null }, level: "graceful" })]);
  });
});

describe("persistence and replicas", () => {
  it("kill state survives a restart on the same data directory", async () => {
    h = await controlHarness(probe());
    const key = await h.agentKey("a1");
    const op = await h.token("operator");
    await h.req("POST", "/admin/control/kill", { key: op, body: { level: "emergency", scope: { kind: "tenant", id: "t1" }, reason: "incident 42" } });
    const config = h.gw.runtime.config;
    await h.close();
    h = undefined;
    const gw2 = await startGateway(config, { watchPolicy: false, sweepMs: 0, exec: { builtins: testBuiltins(probe()) as never } });
    try {
      const plane = controlOf(gw2.runtime);
      expect(plane?.refusal({ agent: "a1", tenant: "t1", sessionId: null })?.code).toBe("CONTROL_HALTED");
      const res = await gw2.app.request("/v1/sessions", { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify({ task: "work" }) });
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("CONTROL_HALTED");
    } finally {
      await gw2.close();
    }
  });

  it("a halt set through one gateway reaches another sharing the store, and aborts its in-flight calls", async () => {
    const p = probe();
    h = await controlHarness(p);
    const key = await h.agentKey("a1");
    // A second gateway on the same data directory: another replica.
    const gw2 = await startGateway(h.gw.runtime.config, { watchPolicy: false, sweepMs: 0, exec: { builtins: { ...testBuiltins(probe()), "test.hold": (_a: unknown, ctx: { signal: AbortSignal }) => new Promise((_, rej) => ctx.signal.addEventListener("abort", () => rej(ctx.signal.reason))) } as never } });
    try {
      const sid = await newSession(h, key, "work");
      const req = (path: string, body: unknown) => gw2.app.request(path, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify(body) });
      const running = req(`/v1/sessions/${sid}/calls`, { tool: "hold", args: {} });
      while (controlOf(gw2.runtime)?.inflight.count(() => true) !== 1) await new Promise((r) => setTimeout(r, 2));
      await h.req("POST", "/admin/control/kill", { key: await h.token("operator"), body: { level: "emergency", scope: { kind: "agent", id: "a1" }, reason: "replica test" } });
      const r = await running;
      expect(r.status).toBe(502);
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe("EXEC_ABORTED");
      const after = await req(`/v1/sessions/${sid}/calls`, { tool: "fast", args: {} });
      expect(after.status).toBe(403);
    } finally {
      await gw2.close();
    }
  });
});
