// Budgets and rate limits at the gateway: atomic reservations across concurrent callers and across two
// Warden processes sharing one data directory; no identity bypasses a budget; a crossed cost budget
// ends the session and alerts; token usage through the accounting API; token-bucket rate limits.
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterEach, describe, expect, it } from "vitest";
import { controlOf } from "../src/control/index.js";
import { executeDecided } from "../src/gateway/pipeline/governed-call.js";
import { readSession } from "../src/gateway/pipeline/session-repo.js";
import type { Decision } from "../src/core/index.js";
import { newSession, type Harness } from "./gateway-harness.js";
import { code, controlHarness, controlPolicy, probe, webhook } from "./control-helpers.js";

let h: Harness | undefined;
let child: ChildProcess | undefined;
afterEach(async () => {
  child?.kill("SIGTERM");
  child = undefined;
  await h?.close();
  h = undefined;
});

const call = (hh: Harness, key: string, sid: string, tool: string, args: unknown = {}) => hh.req("POST", `/v1/sessions/${sid}/calls`, { key, body: { tool, args } });

async function secondProcess(hh: Harness): Promise<string> {
  child = spawn(process.execPath, ["--import", "tsx", "test/control-child.ts", hh.gw.runtime.config.dataDir, hh.gw.runtime.config.policyFile, join(hh.dir, "warden.yaml")], { cwd: process.cwd(), stdio: ["ignore", "pipe", "inherit"] });
  const rl = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  for await (const line of rl) return (JSON.parse(line) as { url: string }).url;
  throw new Error("the second process did not start");
}

describe("budgets", () => {
  it("three concurrent $2k transfers do not beat a $5k cap on money moved", async () => {
    h = await controlHarness(probe(), { policy: controlPolicy("budgets:\n  agent: { meters: { moved_usd: 5000 } }\n") });
    const key = await h.agentKey("a1");
    const sids = await Promise.all([0, 1, 2].map(() => newSession(h as Harness, key, "work")));
    const rs = await Promise.all(sids.map((sid) => call(h as Harness, key, sid, "pay", { amount: 2000 })));
    expect(rs.filter((r) => r.status === 200).length).toBe(2);
    const refused = rs.find((r) => r.status !== 200);
    expect(refused?.body).toMatchObject({ rule_ids: ["warden.budget.agent"], error: { code: "CONTROL_BUDGET_EXCEEDED" }, budget: { scope: "agent", meter: "moved_usd", limit: 5000 } });
  });

  it("many concurrent callers spread over two Warden processes sharing one data directory never exceed a cap", async () => {
    h = await controlHarness(probe(), { policy: controlPolicy("budgets:\n  tenant: { meters: { moved_usd: 9000 } }\n") });
    const url2 = await secondProcess(h);
    const keys = [await h.agentKey("a1"), await h.agentKey("a2")];
    const sessions: { key: string; sid: string }[] = [];
    for (let i = 0; i < 16; i++) {
      const key = keys[i % 2] as string;
      sessions.push({ key, sid: await newSession(h, key, "work") });
    }
    const viaSecond = async (key: string, sid: string) => {
      const r = await fetch(`${url2}/v1/sessions/${sid}/calls`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify({ tool: "pay", args: { amount: 1000 } }) });
      return { status: r.status, body: (await r.json()) as Record<string, unknown> };
    };
    // 48 calls of $1,000 against a $9,000 tenant cap, half through each process, all at once.
    const all = await Promise.all(sessions.flatMap(({ key, sid }, i) => [0, 1, 2].map((j) => ((i + j) % 2 === 0 ? call(h as Harness, key, sid, "pay", { amount: 1000 }) : viaSecond(key, sid)))));
    const ok = all.filter((r) => r.status === 200);
    expect(ok.length).toBe(9);
    expect(all.filter((r) => r.status !== 200).every((r) => (r.body["error"] as { code: string }).code === "CONTROL_BUDGET_EXCEEDED")).toBe(true);
    const used = await h.gw.runtime.store.counters.get("budget:tenant:t1", h.gw.runtime.now());
    expect(used.used["m:moved_usd"]).toBe(9000);
    expect(used.reserved["m:moved_usd"] ?? 0).toBe(0);
  });

  it("no credential, role or admin token bypasses a budget, and an approved call still reserves", async () => {
    h = await controlHarness(probe(), { policy: controlPolicy("budgets:\n  agent: { meters: { moved_usd: 1000 } }\n") });
    const key = await h.agentKey("a1");
    const admin = await h.token("admin");
    const sid = await newSession(h, key, "work");
    expect((await call(h, key, sid, "pay", { amount: 1000 })).status).toBe(200);
    // An admin token cannot make calls at all, so it cannot spend around the budget.
    expect((await call(h, admin, sid, "pay", { amount: 1 })).status).toBe(403);
    expect(code(await call(h, key, sid, "pay", { amount: 1 }))).toBe("CONTROL_BUDGET_EXCEEDED");
    // The path approvals use to run a human-approved call reserves like any other call.
    const rt = h.gw.runtime;
    const s = (await readSession(rt.store.sessions, sid))?.session as never;
    const decision: Decision = { verdict: "approve", rule_ids: ["x"], reasons: [], obligations: {}, risk: "high", consumes: { tool_calls: 1, cost_usd: 0, meters: { moved_usd: 5 } } };
    const intent = await rt.audit.appendIntent({ session_id: sid, call: { agent: "a1", task: "work", principal: null, tool: "pay", args: { amount: 5 } }, decision });
    const r = await executeDecided({ rt, agent: "a1", tenant: "t1", sessionId: sid, session: s, call: { agent: "a1", task: "work", principal: null, tool: "pay", args: { amount: 5 } }, callId: "call_approved_by_admin", correlationId: "c" }, decision, intent.seq);
    expect(r.status).toBe(403);
    expect((r.body["error"] as { code: string }).code).toBe("CONTROL_BUDGET_EXCEEDED");
  });

  it("a call that would cross the cost budget is refused, ends the session and alerts", async () => {
    const hook = await webhook();
    h = await controlHarness(probe(), { policy: controlPolicy("budgets:\n  session: { cost_usd: 10 }\n"), env: { WARDEN_ALERT_WEBHOOK: hook.url } });
    const key = await h.agentKey("a1");
    const sid = await newSession(h, key, "work");
    expect((await call(h, key, sid, "spend")).status).toBe(200);
    expect((await call(h, key, sid, "spend")).status).toBe(200);
    const third = await call(h, key, sid, "spend");
    expect(third.status).toBe(403);
    expect((await h.req("GET", `/v1/sessions/${sid}`, { key })).body["status"]).toBe("ended");
    expect((await call(h, key, sid, "fast")).body).toMatchObject({ verdict: "deny", rule_ids: ["warden.session_inactive"] });
    await controlOf(h.gw.runtime)?.alerts.flush();
    expect(hook.alerts.map((a) => a["event"])).toContain("budget.terminate");
    hook.close();
  });

  it("accounting API: token and cost usage count against budgets; crossing the cost budget terminates the session", async () => {
    h = await controlHarness(probe(), { policy: controlPolicy("budgets:\n  session: { cost_usd: 10 }\n  agent: { tokens: 1000 }\n") });
    const key = await h.agentKey("a1");
    const sid = await newSession(h, key, "work");
    const u = await h.req("POST", `/v1/sessions/${sid}/usage`, { key, body: { tokens: 600, cost_usd: 4.5, model: "gpt-x" } });
    expect(u.body).toMatchObject({ ok: true, session: { tokens: 600, cost_usd: 4.5, status: "active" }, terminated: false });
    expect((await call(h, key, sid, "fast")).status).toBe(200);
    // Another agent cannot report usage into this session.
    expect((await h.req("POST", `/v1/sessions/${sid}/usage`, { key: await h.agentKey("a2"), body: { tokens: 1 } })).status).toBe(404);
    // Token budget of the agent used up: the next call (any session of the agent) is refused.
    await h.req("POST", `/v1/sessions/${sid}/usage`, { key, body: { tokens: 400 } });
    const s2 = await newSession(h, key, "work");
    expect(code(await call(h, key, s2, "fast"))).toBe("CONTROL_BUDGET_EXCEEDED");
    // Cost crosses $10: the session is terminated.
    const over = await h.req("POST", `/v1/sessions/${sid}/usage`, { key, body: { cost_usd: 6 } });
    expect(over.body).toMatchObject({ terminated: true, session: { status: "ended" } });
  });
});

describe("rate limits (token bucket)", () => {
  it("lets a burst of N through, refuses the next with Retry-After, and refills one token per window/N", async () => {
    let now = Date.parse("2026-03-01T10:00:00Z");
    h = await controlHarness(probe(), { policy: controlPolicy("rate_limits:\n  fast: { limit: 5/min, per: agent }\n"), now: () => now });
    const key = await h.agentKey("a1");
    const sid = await newSession(h, key, "work");
    const burst = await Promise.all(Array.from({ length: 8 }, () => call(h as Harness, key, sid, "fast")));
    expect(burst.filter((r) => r.status === 200).length).toBe(5);
    const limited = burst.filter((r) => r.status === 429);
    expect(limited.length).toBe(3);
    expect(limited[0]?.headers.get("retry-after")).toBe("12");
    expect(code(limited[0] as { body: Record<string, unknown> })).toBe("CONTROL_RATE_LIMITED");
    // Other tools and other agents have their own buckets.
    expect((await call(h, key, sid, "other")).status).toBe(200);
    const k2 = await h.agentKey("a2");
    expect((await call(h, k2, await newSession(h, k2, "work"), "fast")).status).toBe(200);
    // 12 s later exactly one token is back; 60 s after the burst the bucket is full again.
    now += 12_001;
    expect((await call(h, key, sid, "fast")).status).toBe(200);
    expect((await call(h, key, sid, "fast")).status).toBe(429);
    now += 60_000;
    const again = await Promise.all(Array.from({ length: 6 }, () => call(h as Harness, key, sid, "fast")));
    expect(again.filter((r) => r.status === 200).length).toBe(5);
  });
});
