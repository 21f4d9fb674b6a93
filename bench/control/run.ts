// Control benchmarks (issue 7), not timed tests:
//  1. time-to-halt after an emergency stop under load: an embedded gateway on SQLite, 32 concurrent
//     sessions calling a 50 ms tool; measured at the tool (last execution start after the trigger) and
//     until every call in flight at the trigger is gone. Target: ≤ 50 ms until no new execution starts.
//  2. added latency of budget reservation per call: reserve + settle in the counters port for session,
//     agent and tenant budgets (SQLite, in-process), and end to end over HTTP with and without budgets.
// Run: node --import tsx bench/control/run.ts [--rounds 15] [--json]
import { cpus, platform, release, totalmem } from "node:os";
import { drillLevel, request, startEmbedded } from "../../src/control/drill/index.js";
import { reserveBudgets } from "../../src/control/budgets.js";
import type { HookContext } from "../../src/gateway/hooks.js";
import type { Decision, Session } from "../../src/core/index.js";

const arg = (name: string, d: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? d) : d;
};
const rounds = Number(arg("--rounds", "15"));
const q = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN;
};
const r2 = (n: number) => Math.round(n * 100) / 100;

async function timeToHalt() {
  const e = await startEmbedded({ workMs: 50 });
  const halt: number[] = [];
  const effective: number[] = [];
  const drain: number[] = [];
  const inflight: number[] = [];
  let violations = 0;
  try {
    for (let i = 0; i < rounds; i++) {
      const l = await drillLevel(e.target, "emergency", 32, 400);
      halt.push(l.halt_ms);
      drain.push(l.drain_ms);
      inflight.push(l.in_flight_at_trigger);
      if (l.effective_ms !== null) effective.push(l.effective_ms);
      violations += l.violations;
    }
  } finally {
    await e.close();
  }
  return { rounds, workers: 32, halt_ms: { p50: r2(q(halt, 0.5)), p95: r2(q(halt, 0.95)), max: r2(Math.max(...halt)) }, effective_ms: { p50: r2(q(effective, 0.5)), max: r2(Math.max(...effective)) }, drain_ms: { p50: r2(q(drain, 0.5)), p95: r2(q(drain, 0.95)) }, in_flight_at_trigger_p50: q(inflight, 0.5), violations };
}

async function reservationMicro() {
  const budgets = "budgets:\n  session: { tool_calls: 100000000, cost_usd: 100000000 }\n  agent: { tool_calls: 100000000, meters: { work: 1000000000 } }\n  tenant: { cost_usd: 100000000 }\n";
  const e = await startEmbedded({ policyExtra: budgets });
  try {
    const rt = e.gw.runtime;
    const session = { id: "ses_bench", agent: "drill-agent", task: "drill", principal: null, tenant: "drill", status: "active", started_at: 0, labels: [], counters: { tool_calls: 0, cost_usd: 0, tokens: 0, meters: {} }, history: [], facts: {}, seen: { sources: [], tokens: {} } } as unknown as Session;
    const d = { verdict: "allow", rule_ids: [], reasons: [], obligations: {}, risk: "low", consumes: { tool_calls: 1, cost_usd: 0.01, meters: {} } } as unknown as Decision;
    const times: number[] = [];
    for (let i = 0; i < 3000; i++) {
      const hc = { rt, agent: "drill-agent", tenant: "drill", sessionId: "ses_bench", session, call: { agent: "drill-agent", task: "drill", principal: null, tool: "drill_work", args: {} }, callId: `call_${i}`, correlationId: "c" } as HookContext;
      const t0 = performance.now();
      const r = await reserveBudgets(hc, d);
      if (r.ok) await r.reservation.settle({ cost_usd: 0.01 });
      times.push((performance.now() - t0) * 1000);
    }
    const warm = times.slice(500);
    return { iterations: warm.length, scopes: 3, reserve_settle_us: { p50: r2(q(warm, 0.5)), p99: r2(q(warm, 0.99)) } };
  } finally {
    await e.close();
  }
}

async function endToEnd(withBudgets: boolean) {
  const budgets = "budgets:\n  session: { tool_calls: 100000000, cost_usd: 100000000 }\n  agent: { tool_calls: 100000000 }\n  tenant: { tool_calls: 100000000 }\n";
  const e = await startEmbedded({ workMs: 0, ...(withBudgets ? { policyExtra: budgets } : {}) });
  try {
    const t = e.target;
    const s = await request(t.url, "POST", "/v1/sessions", t.agentKey, { task: "drill" });
    const sid = s.body["id"] as string;
    const times: number[] = [];
    for (let i = 0; i < 1500; i++) {
      const t0 = performance.now();
      const r = await request(t.url, "POST", `/v1/sessions/${sid}/calls`, t.agentKey, { tool: "drill_work", args: {} });
      if (r.status !== 200) throw new Error(JSON.stringify(r.body));
      times.push((performance.now() - t0) * 1000);
      if (i % 150 === 149) {
        // A fresh session now and then keeps the session's history (and its size) out of the comparison.
        const n = await request(t.url, "POST", "/v1/sessions", t.agentKey, { task: "drill" });
        (s.body as Record<string, unknown>)["id"] = n.body["id"];
      }
    }
    const warm = times.slice(300);
    return { calls: warm.length, p50_us: r2(q(warm, 0.5)), p99_us: r2(q(warm, 0.99)) };
  } finally {
    await e.close();
  }
}

const machine = { cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, memory_gb: Math.round(totalmem() / 2 ** 30), os: `${platform()} ${release()}`, node: process.version };
const halt = await timeToHalt();
const micro = await reservationMicro();
const without = await endToEnd(false);
const withB = await endToEnd(true);
const report = { date: new Date().toISOString(), machine, time_to_halt: halt, budget_reservation: { micro, http_without_budgets: without, http_with_budgets: withB, added_p50_us: r2(withB.p50_us - without.p50_us) }, targets: { halt_p50_le_50ms: halt.halt_ms.p50 <= 50, halt_max_le_50ms: halt.halt_ms.max <= 50 } };
if (process.argv.includes("--json")) process.stdout.write(JSON.stringify(report, null, 2) + "\n");
else {
  process.stdout.write(`machine: ${machine.cpu} ×${machine.cores}, ${machine.memory_gb} GB, ${machine.os}, Node ${machine.node}\n`);
  process.stdout.write(`time-to-halt (emergency, ${halt.workers} workers, ${halt.rounds} rounds): no new execution after p50 ${halt.halt_ms.p50} ms / p95 ${halt.halt_ms.p95} / max ${halt.halt_ms.max}; in force after p50 ${halt.effective_ms.p50} ms; in-flight gone after p50 ${halt.drain_ms.p50} ms (p95 ${halt.drain_ms.p95}); ${halt.in_flight_at_trigger_p50} in flight at trigger; violations ${halt.violations}\n`);
  process.stdout.write(`budget reserve+settle, 3 scopes, SQLite: p50 ${micro.reserve_settle_us.p50} µs, p99 ${micro.reserve_settle_us.p99} µs\n`);
  process.stdout.write(`HTTP call p50 without budgets ${without.p50_us} µs, with ${withB.p50_us} µs (added ${report.budget_reservation.added_p50_us} µs); p99 ${without.p99_us} / ${withB.p99_us} µs\n`);
}
