// Circuit breakers per the seed 002 table, each at its threshold and not below; per-tool circuits with
// half-open recovery; paused agents resume only by an operator; confidence markers escalate to a human.
import { afterEach, describe, expect, it } from "vitest";
import { controlOf } from "../src/control/index.js";
import { newSession, type Harness } from "./gateway-harness.js";
import { code, controlHarness, controlPolicy, probe } from "./control-helpers.js";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const call = (hh: Harness, key: string, sid: string, tool: string, args: unknown = {}, reasoning?: string) =>
  hh.req("POST", `/v1/sessions/${sid}/calls`, { key, body: { tool, args, ...(reasoning ? { reasoning } : {}) } });

const paused = (hh: Harness, agent: string) => controlOf(hh.gw.runtime)?.state.pauseFor(agent);

async function resume(hh: Harness, agent: string) {
  const r = await hh.req("POST", "/admin/control/resume", { key: await hh.token("operator"), body: { scope: { kind: "agent", id: agent }, reason: "reviewed" } });
  expect(r.status).toBe(200);
}

describe("agent breakers", () => {
  it("rate spike: the floor's 3× passes, one more call pauses the agent; the learned baseline raises the bar", async () => {
    let now = Date.parse("2026-03-01T10:00:30Z");
    h = await controlHarness(probe(), { policy: controlPolicy("breakers:\n  rate_spike: { factor: 3, window: 60s, min_rate: 4 }\n"), now: () => now });
    const key = await h.agentKey("a1");
    const sid = await newSession(h, key, "work");
    for (let i = 0; i < 12; i++) expect((await call(h, key, sid, "fast")).status, `call ${i + 1}`).toBe(200);
    expect(paused(h, "a1")).toBeUndefined();
    const trip = await call(h, key, sid, "fast");
    expect(code(trip)).toBe("CONTROL_AGENT_PAUSED");
    expect(paused(h, "a1")).toMatchObject({ breaker: "rate_spike" });
    // Only an operator resumes it; meanwhile every call and new session is refused.
    expect(code(await call(h, key, sid, "fast"))).toBe("CONTROL_AGENT_PAUSED");
    expect(code(await h.req("POST", "/v1/sessions", { key, body: { task: "work" } }))).toBe("CONTROL_AGENT_PAUSED");
    now += 3_600_000;
    expect(code(await call(h, key, sid, "fast"))).toBe("CONTROL_AGENT_PAUSED");
    await resume(h, "a1");
    // A busy agent learns a higher baseline (EWMA per minute): ramping up to 25/min, a minute of 60 calls
    // is within 3× what it learned, though 5× the floor.
    const k2 = await h.agentKey("a2");
    const s2 = await newSession(h, k2, "work");
    for (const perMinute of [10, 10, 25, 25, 25, 25, 25, 25, 25, 25]) {
      now += 60_000;
      for (let i = 0; i < perMinute; i++) expect((await call(h, k2, s2, "fast")).status).toBe(200);
    }
    now += 60_000;
    for (let i = 0; i < 40; i++) expect((await call(h, k2, s2, "fast")).status, `burst ${i + 1}`).toBe(200);
    expect(paused(h, "a2")).toBeUndefined();
  });

  it("consecutive failures: 5 failed calls do not pause, the 6th does; a success in between resets", async () => {
    h = await controlHarness(probe(), { policy: controlPolicy("breakers:\n  tools: false\n") });
    const key = await h.agentKey("a1");
    const sid = await newSession(h, key, "work");
    for (let i = 0; i < 5; i++) expect((await call(h, key, sid, "fail")).status).toBe(502);
    expect((await call(h, key, sid, "fast")).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await call(h, key, sid, "fail")).status).toBe(502);
    expect(paused(h, "a1")).toBeUndefined();
    expect((await call(h, key, sid, "fail")).status).toBe(502);
    expect(paused(h, "a1")).toMatchObject({ breaker: "consecutive_failures" });
    expect(code(await call(h, key, sid, "fast"))).toBe("CONTROL_AGENT_PAUSED");
  });

  it("data volume: output at 10× the floor passes, one byte more pauses", async () => {
    h = await controlHarness(probe(), { policy: controlPolicy("breakers:\n  data_volume: { factor: 10, min_bytes: 100 }\n") });
    const key = await h.agentKey("a1");
    const sid = await newSession(h, key, "work");
    const envelope = JSON.stringify({ data: "" }).length;
    expect((await call(h, key, sid, "blob", { n: 1000 - envelope })).status).toBe(200);
    expect(paused(h, "a1")).toBeUndefined();
    // A task type with nothing learned yet (the first output taught "work" that 1,000 bytes is normal).
    const fresh = await newSession(h, key, "other");
    expect((await call(h, key, fresh, "blob", { n: 1001 - envelope })).status).toBe(200);
    expect(paused(h, "a1")).toMatchObject({ breaker: "data_volume" });
  });

  it("pending approvals: three pending pass, a fourth pauses the agent", async () => {
    h = await controlHarness(probe());
    const key = await h.agentKey("a1");
    const sid = await newSession(h, key, "work");
    for (let i = 0; i < 3; i++) expect((await call(h, key, sid, "ask", {}, "the user asked")).status).toBe(202);
    expect(paused(h, "a1")).toBeUndefined();
    const fourth = await call(h, key, sid, "ask", {}, "the user asked");
    expect(fourth.body).toMatchObject({ verdict: "deny", rule_ids: ["warden.breaker.pending_approvals"] });
    expect(paused(h, "a1")).toMatchObject({ breaker: "pending_approvals" });
  });

  it("unusual tool: nothing is unusual before learn_sessions; afterwards a never-seen tool needs approval", async () => {
    h = await controlHarness(probe(), { policy: controlPolicy("breakers:\n  unusual_tool: { learn_sessions: 3 }\n") });
    const key = await h.agentKey("a1");
    for (let i = 0; i < 2; i++) expect((await call(h, key, await newSession(h, key, "work"), "fast")).status).toBe(200);
    // Two sessions learned: `other` is new but the check has not started.
    const s3 = await newSession(h, key, "work");
    expect((await call(h, key, s3, "other")).status).toBe(200);
    // Three sessions learned {fast, other}: `slow` was never called in task type work.
    const s4 = await newSession(h, key, "work");
    expect((await call(h, key, s4, "fast")).status).toBe(200);
    const unusual = await call(h, key, s4, "blob", {}, "need the blob");
    expect(unusual.status).toBe(202);
    expect(unusual.body["rule_ids"]).toEqual(["warden.breaker.unusual_tool"]);
    // Another task type learns on its own.
    expect((await call(h, key, await newSession(h, key, "other"), "blob")).status).toBe(200);
    // What was learned is in the control store: a restarted or second gateway shares it.
    expect((await h.gw.runtime.store.control.get("learn:task:work"))?.value).toEqual({ sessions: 3, tools: ["fast", "other"] });
  });
});

describe("per-tool circuit breaker", () => {
  it("opens after N failures in a row, fails fast, then half-opens with one probe; a failed probe opens it again", async () => {
    let now = Date.parse("2026-03-01T10:00:00Z");
    h = await controlHarness(probe(), { policy: controlPolicy("breakers:\n  consecutive_failures: false\n  tools: { failures: 3, cooldown: 30s }\n"), now: () => now });
    const key = await h.agentKey("a1");
    const sid = await newSession(h, key, "work");
    // `fail` always fails: 2 failures leave it closed, the 3rd opens it.
    for (let i = 0; i < 2; i++) expect((await call(h, key, sid, "fail")).status).toBe(502);
    const plane = controlOf(h.gw.runtime);
    expect(plane?.circuits.snapshot()["tool:fail"]?.state).toBe("closed");
    expect((await call(h, key, sid, "fail")).status).toBe(502);
    expect(plane?.circuits.snapshot()["tool:fail"]?.state).toBe("open");
    const fast = await call(h, key, sid, "fail");
    expect(fast.status).toBe(503);
    expect(code(fast)).toBe("CONTROL_BREAKER_OPEN");
    expect(Number(fast.headers.get("retry-after"))).toBeGreaterThan(0);
    // Other tools are unaffected.
    expect((await call(h, key, sid, "fast")).status).toBe(200);
    // After the cooldown, one probe: it fails, so the circuit opens again.
    now += 30_001;
    expect((await call(h, key, sid, "fail")).status).toBe(502);
    expect(plane?.circuits.snapshot()["tool:fail"]?.state).toBe("open");
    expect(code(await call(h, key, sid, "fail"))).toBe("CONTROL_BREAKER_OPEN");
  });

  it("half-open lets exactly one probe through among concurrent callers, and its success closes the circuit", async () => {
    let now = Date.parse("2026-03-01T10:00:00Z");
    h = await controlHarness(probe(), { policy: controlPolicy("breakers:\n  consecutive_failures: false\n  tools: { failures: 1, cooldown: 10s }\n"), now: () => now });
    const key = await h.agentKey("a1");
    const sid = await newSession(h, key, "work");
    const plane = controlOf(h.gw.runtime);
    // Open the `slow` circuit by feeding one failure, as an upstream error would.
    plane?.circuits.result("tool:slow", false, now, 1);
    expect(code(await call(h, key, sid, "slow"))).toBe("CONTROL_BREAKER_OPEN");
    now += 10_001;
    const rs = await Promise.all(Array.from({ length: 6 }, () => call(h as Harness, key, sid, "slow")));
    expect(rs.filter((r) => r.status === 200).length).toBe(1);
    expect(rs.filter((r) => code(r) === "CONTROL_BREAKER_OPEN").length).toBe(5);
    expect(plane?.circuits.snapshot()["tool:slow"]).toBeUndefined();
    expect((await call(h, key, sid, "slow")).status).toBe(200);
  });
});

describe("semantic monitoring: confidence markers", () => {
  it("reasoning with a marker escalates the call to a human; without one it runs", async () => {
    h = await controlHarness(probe());
    const key = await h.agentKey("a1");
    const sid = await newSession(h, key, "work");
    expect((await call(h, key, sid, "fast", {}, "Checking the balance as asked.")).status).toBe(200);
    const r = await call(h, key, sid, "fast", {}, "I think this might work, but I\u2019m  not sure.");
    expect(r.status).toBe(202);
    expect(r.body["rule_ids"]).toEqual(["warden.confidence"]);
    expect(String(r.body["message"])).toMatch(/uncertainty/);
  });

  it("a marker in a tool output or a reported completion escalates the session's next call; the list is configurable", async () => {
    h = await controlHarness(probe(), { policy: controlPolicy('breakers:\n  confidence_markers: ["no idea what I am doing"]\n') });
    const key = await h.agentKey("a1");
    const sid = await newSession(h, key, "work");
    // The default markers are replaced by the policy's list.
    expect((await call(h, key, sid, "fast", {}, "I am unsure")).status).toBe(200);
    await h.req("POST", `/v1/sessions/${sid}/usage`, { key, body: { tokens: 10, output: "Honestly I have NO idea what I am doing here." } });
    const next = await call(h, key, sid, "fast", {}, "proceeding");
    expect(next.status).toBe(202);
    expect(next.body["rule_ids"]).toEqual(["warden.confidence"]);
    expect((await call(h, key, sid, "fast", {}, "proceeding")).status).toBe(200);
  });
});
