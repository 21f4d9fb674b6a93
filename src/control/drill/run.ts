// The kill-switch drill (seed 002: "tested in a drill within the last 30 days"): a scripted agent calls a
// tool from many sessions at once; each level is triggered in turn on the drill agent's scope; the drill
// measures how long until no new execution starts and until in-flight calls are gone, checks that nothing
// ran after the halt answered, resumes (audited), and records the report in the audit log.
import type { KillLevel } from "../types.js";
import { errorCode, request, type Reply } from "./client.js";

export interface DrillTarget {
  url: string;
  /** An operator (or admin) token. */
  token: string;
  agentKey: string;
  agent: string;
  task: string;
  tool: string;
  args: unknown;
  /** Embedded drills see execution starts inside the gateway (performance.now() of each start). */
  execStarts?: () => number[];
}

export interface LevelResult {
  level: KillLevel;
  workers: number;
  calls_before: number;
  in_flight_at_trigger: number;
  /** Gateway-side: from receiving the kill to the halt being in force. */
  effective_ms: number | null;
  /** Until no new execution starts: measured at the tool when embedded, else bounded by the kill's answer. */
  halt_ms: number;
  halt_measured: "at the tool" | "kill answer (upper bound)";
  /** Until every call in flight at the trigger had finished (aborted or completed). */
  drain_ms: number;
  aborted: number;
  /** Calls sent after the kill answered that still ran: must be 0. */
  violations: number;
  /** Calls refused before the trigger (a breaker, a budget, a rate limit): the drill did not run under load. */
  refused_before: Record<string, number>;
  resumed: boolean;
}

export interface DrillReport {
  ok: boolean;
  at: string;
  target: string;
  agent: string;
  levels: LevelResult[];
}

interface Sent {
  sent: number;
  done: number;
  status: number;
  code: string | undefined;
}

export async function runKillDrill(t: DrillTarget, opts: { workers?: number; warmupMs?: number; mode: "embedded" | "url" }): Promise<DrillReport> {
  const levels: LevelResult[] = [];
  for (const level of ["emergency", "graceful"] as const) levels.push(await drillLevel(t, level, opts.workers ?? 16, opts.warmupMs ?? 300));
  const ok = levels.every((l) => l.violations === 0 && l.resumed && Object.keys(l.refused_before).length === 0 && l.calls_before > 0);
  return { ok, at: new Date().toISOString(), target: opts.mode === "embedded" ? "embedded gateway" : t.url, agent: t.agent, levels };
}

export async function drillLevel(t: DrillTarget, level: KillLevel, workers: number, warmupMs: number): Promise<LevelResult> {
  const scope = { kind: "agent", id: t.agent };
  const sessions: string[] = [];
  for (let i = 0; i < workers; i++) sessions.push(await session(t));
  const log: Sent[] = [];
  let stop = false;
  const loops = sessions.map(async (sid) => {
    while (!stop) {
      const sent = performance.now();
      const r = await request(t.url, "POST", `/v1/sessions/${sid}/calls`, t.agentKey, { tool: t.tool, args: t.args }).catch((): Reply => ({ status: 0, body: {} }));
      log.push({ sent, done: performance.now(), status: r.status, code: errorCode(r) });
      if (r.status === 0 || errorCode(r) === "CONTROL_HALTED") return;
      // Refused for another reason (a breaker paused the agent, a budget): stop this worker, the report says why.
      if (r.status >= 400 && r.status !== 502) return;
    }
  });
  await new Promise((r) => setTimeout(r, warmupMs));
  // A cold or busy gateway may not have answered any call yet: the stop must land on traffic that is
  // flowing, so wait (bounded) for the first answers rather than report a drill that tested nothing.
  const warmDeadline = performance.now() + 15_000;
  while (log.length === 0 && performance.now() < warmDeadline) await new Promise((r) => setTimeout(r, 25));
  const before = log.length;
  const t0 = performance.now();
  const kill = await request(t.url, "POST", "/admin/control/kill", t.token, { level, scope, reason: `kill-switch drill (${level})`, wait: true });
  const t1 = performance.now();
  if (kill.status !== 200) throw new Error(`the drill could not trigger a ${level} stop: ${kill.status} ${JSON.stringify(kill.body)}`);
  const safety = setTimeout(() => (stop = true), 40_000);
  await Promise.all(loops);
  clearTimeout(safety);
  const inflight = log.filter((s) => s.sent < t0 && s.done >= t0);
  const drain = Math.max(0, ...inflight.map((s) => s.done - t0));
  const starts = t.execStarts?.().filter((x) => x >= t0) ?? null;
  const violations = log.filter((s) => s.sent > t1 && s.status === 200).length;
  const refused_before: Record<string, number> = {};
  for (const s of log) if (s.done < t0 && s.status >= 400 && s.status !== 502) refused_before[s.code ?? String(s.status)] = (refused_before[s.code ?? String(s.status)] ?? 0) + 1;
  const resume = await request(t.url, "POST", "/admin/control/resume", t.token, { scope, reason: `kill-switch drill (${level}) finished` });
  let resumed = resume.status === 200;
  if (resumed) {
    const sid = await session(t);
    resumed = (await request(t.url, "POST", `/v1/sessions/${sid}/calls`, t.agentKey, { tool: t.tool, args: t.args })).status === 200;
  }
  return {
    level,
    workers,
    calls_before: before,
    in_flight_at_trigger: inflight.length,
    effective_ms: typeof kill.body["effective_ms"] === "number" ? round(kill.body["effective_ms"]) : null,
    halt_ms: round(starts ? Math.max(0, ...starts.map((x) => x - t0)) : t1 - t0),
    halt_measured: starts ? "at the tool" : "kill answer (upper bound)",
    drain_ms: round(drain),
    aborted: typeof kill.body["aborted"] === "number" ? kill.body["aborted"] : 0,
    violations,
    refused_before,
    resumed,
  };
}

async function session(t: DrillTarget): Promise<string> {
  const r = await request(t.url, "POST", "/v1/sessions", t.agentKey, { task: t.task, principal: "kill-switch-drill", request: "kill-switch drill" });
  if (r.status !== 201) throw new Error(`the drill agent could not start a session: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body["id"] as string;
}

const round = (n: number) => Math.round(n * 100) / 100;

/** Record the drill in the gateway's audit log; `/readyz` then shows its date. */
export async function recordDrill(url: string, token: string, report: DrillReport): Promise<Reply> {
  return request(url, "POST", "/admin/control/drills", token, { report });
}
