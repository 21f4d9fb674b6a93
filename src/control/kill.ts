// The kill switch. Emergency: refuse everything in scope at once, abort in-flight executions, cancel
// pending approvals, halt sessions, alert. Graceful: refuse new work, let in-flight calls finish up to a
// deadline (then abort them), save sessions as paused, report stopped. Resume: operators only. Every
// action is audited with who and why.
import type { Json } from "../ports/index.js";
import type { Runtime } from "../gateway/runtime.js";
import { newId } from "../gateway/runtime.js";
import type { Alerter } from "./alerts.js";
import type { InFlight } from "./inflight.js";
import { covers, describeScope, haltKey, PAUSE_PREFIX, type Scope, type Target } from "./scope.js";
import { cancelApprovals, reactivateSessions, stopSessions } from "./sessions.js";
import type { ControlState } from "./state.js";
import type { HaltValue, KillLevel, PauseValue } from "./types.js";

export interface KillRequest {
  level: KillLevel;
  scope: Scope;
  reason: string;
  by: string;
  correlationId?: string;
}

export interface KillReport {
  halt: HaltValue;
  /** ms from the request to the halt being in force on this gateway (no new execution starts after it). */
  effective_ms: number;
  /** ms until no execution of the scope was running on this gateway (graceful: once drained). */
  drained_ms: number | null;
  aborted: number;
  approvals_cancelled: string[];
  sessions: string[];
  /** Graceful only: settles when the scope has stopped. */
  done?: Promise<KillReport>;
}

export class KillSwitch {
  constructor(
    private readonly rt: Runtime,
    private readonly state: ControlState,
    private readonly inflight: InFlight,
    private readonly alerts: Alerter,
    private readonly gracefulDeadlineMs: number,
  ) {
    // A halt written by another replica: abort this replica's in-flight executions of the scope too.
    state.onChange((key, value) => {
      const v = value as unknown as HaltValue;
      if (key.startsWith("halt:") && v.active && v.level === "emergency") this.inflight.abort((t) => covers(v.scope, t), `emergency stop: ${v.reason}`);
    });
  }

  async kill(req: KillRequest): Promise<KillReport> {
    const t0 = performance.now();
    const { rt } = this;
    const key = haltKey(req.scope);
    const halt: HaltValue = { kind: "halt", kill_id: newId("kill"), active: true, level: req.level, scope: req.scope, reason: req.reason, by: req.by, at: rt.now(), state: req.level === "emergency" ? "stopped" : "draining" };
    if (req.level === "graceful") halt.deadline = rt.now() + this.gracefulDeadlineMs;
    const match = (t: Target) => covers(req.scope, t);
    const running = this.inflight.count(match);
    // Enforce locally before the write returns: refusal must not wait on storage. Replicas follow by polling.
    // (For an emergency, applying it aborts this gateway's in-flight executions: see the listener above.)
    this.state.apply(key, halt as unknown as Json, 0);
    const effective_ms = performance.now() - t0;
    await this.write(key, halt);
    const base = { correlation_id: req.correlationId ?? null, ...this.auditScope(req.scope) };
    if (req.level === "emergency") {
      this.inflight.abort(match, `emergency stop: ${req.reason}`);
      const aborted = running;
      const drainedNow = await this.inflight.drained(match, Date.now() + 5_000);
      const drained_ms = drainedNow ? performance.now() - t0 : null;
      const approvals = await cancelApprovals(rt, req.scope, req.reason);
      const sessions = await stopSessions(rt, req.scope, "halted");
      halt.sessions = sessions;
      halt.stopped_at = rt.now();
      await this.write(key, halt);
      await rt.audit.append({ kind: "control", action: "kill.emergency", ...base, details: { kill_id: halt.kill_id, scope: req.scope, reason: req.reason, by: req.by, aborted, approvals_cancelled: approvals.length, sessions: sessions.length, effective_ms, drained_ms } });
      this.alerts.send({ severity: "critical", event: "kill.emergency", message: `EMERGENCY STOP of ${describeScope(req.scope)} by ${req.by}: ${req.reason}`, details: { kill_id: halt.kill_id, scope: req.scope, aborted } });
      rt.logger.fatal({ event: "control.kill", level: "emergency", scope: req.scope, by: req.by, reason: req.reason, aborted }, "emergency stop");
      return { halt, effective_ms, drained_ms, aborted, approvals_cancelled: approvals, sessions };
    }
    await rt.audit.append({ kind: "control", action: "kill.graceful", ...base, details: { kill_id: halt.kill_id, scope: req.scope, reason: req.reason, by: req.by, deadline: halt.deadline } });
    rt.logger.warn({ event: "control.kill", level: "graceful", scope: req.scope, by: req.by, reason: req.reason }, "graceful stop: draining");
    const report: KillReport = { halt, effective_ms, drained_ms: null, aborted: 0, approvals_cancelled: [], sessions: [] };
    report.done = (async () => {
      const finished = await this.inflight.drained(match, Date.now() + this.gracefulDeadlineMs);
      // Past the deadline, whatever still runs is aborted: graceful has a bound.
      const aborted = finished ? 0 : this.inflight.abort(match, `graceful stop deadline passed: ${req.reason}`);
      if (!finished) await this.inflight.drained(match, Date.now() + 5_000);
      const drained_ms = performance.now() - t0;
      const sessions = await stopSessions(rt, req.scope, "paused");
      const cur = await rt.store.control.get(key);
      // A resume during the drain wins: do not re-halt.
      if ((cur?.value as unknown as HaltValue | undefined)?.kill_id === halt.kill_id && (cur?.value as unknown as HaltValue).active) {
        Object.assign(halt, { state: "stopped", stopped_at: rt.now(), sessions });
        await this.write(key, halt);
      }
      await rt.audit.append({ kind: "control", action: "kill.graceful.stopped", ...base, details: { kill_id: halt.kill_id, scope: req.scope, drained_ms, aborted_after_deadline: aborted, sessions: sessions.length } });
      Object.assign(report, { drained_ms, aborted, sessions });
      return report;
    })();
    return report;
  }

  /** Lift a halt (or a breaker's pause, for an agent scope). Null when nothing was halted there. */
  async resume(scope: Scope, reason: string, by: string, correlationId?: string): Promise<{ resumed: string[]; sessions: number } | null> {
    const { rt } = this;
    const resumed: string[] = [];
    let sessions = 0;
    const info = { by, at: rt.now(), reason };
    const key = haltKey(scope);
    const cur = (await rt.store.control.get(key))?.value as unknown as HaltValue | undefined;
    if (cur?.active) {
      const next: HaltValue = { ...cur, active: false, resumed: info };
      this.state.apply(key, next as unknown as Json, 0);
      await this.write(key, next);
      sessions = await reactivateSessions(rt, cur.sessions ?? []);
      resumed.push(key);
    }
    if (scope.kind === "agent") {
      const pk = PAUSE_PREFIX + scope.id;
      const p = (await rt.store.control.get(pk))?.value as unknown as PauseValue | undefined;
      if (p?.active) {
        const next: PauseValue = { ...p, active: false, resumed: info };
        this.state.apply(pk, next as unknown as Json, 0);
        await this.write(pk, next);
        resumed.push(pk);
      }
    }
    if (resumed.length === 0) return null;
    await rt.audit.append({ kind: "control", action: "control.resume", correlation_id: correlationId ?? null, ...this.auditScope(scope), details: { scope, reason, by, resumed, sessions } });
    rt.logger.warn({ event: "control.resume", scope, by, reason, resumed }, "resumed");
    return { resumed, sessions };
  }

  /** Pause an agent (a breaker tripped). Idempotent while the pause stands. */
  async pause(agent: string, breaker: string, reason: string, tenant: string | null): Promise<boolean> {
    const { rt } = this;
    if (this.state.pauseFor(agent)) return false;
    const v: PauseValue = { kind: "pause", active: true, agent, breaker, reason, at: rt.now() };
    this.state.apply(PAUSE_PREFIX + agent, v as unknown as Json, 0);
    await this.write(PAUSE_PREFIX + agent, v);
    await rt.audit.append({ kind: "control", action: "breaker.pause", agent_id: agent, tenant, details: { breaker, reason, by: "circuit-breaker" } });
    this.alerts.send({ severity: "warning", event: "breaker.pause", message: `agent ${agent} paused by the ${breaker} breaker: ${reason}. An operator must review and resume it (warden resume --agent ${agent}) or escalate to an emergency stop.`, details: { agent, breaker } });
    return true;
  }

  private async write(key: string, v: HaltValue | PauseValue): Promise<void> {
    const rev = await this.rt.store.control.set(key, v as unknown as Json);
    this.state.confirm(key, v as unknown as Json, rev);
  }

  private auditScope(s: Scope) {
    return s.kind === "agent" ? { agent_id: s.id } : s.kind === "tenant" ? { tenant: s.id } : s.kind === "session" ? { session_id: s.id } : {};
  }
}
