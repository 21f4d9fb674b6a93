// The control layer's hooks on the governed call: admit (halts, pauses, rate spike, rate limits, token
// budgets), review (pending-approval pile-up, unusual tool, confidence markers), reserve (halt re-check,
// circuits, budgets), signal (abort on emergency stop), after (breakers learn and trip).
import type { Decision } from "../core/index.js";
import type { ExecResult } from "../exec/index.js";
import type { CallHooks, HookContext, Reservation } from "../gateway/hooks.js";
import type { CallResponse } from "../gateway/pipeline/respond.js";
import { scopesFor, tokensUsedUp, reserveBudgets } from "./budgets.js";
import { breakerConfig } from "./breakers/config.js";
import type { Trip } from "./breakers/agent.js";
import { findMarker } from "./confidence.js";
import { block, escalate } from "./escalate.js";
import type { ControlPlane } from "./plane.js";
import { takeRateTokens } from "./rate-limit.js";
import { terminateSession } from "./sessions.js";
import type { Target } from "./scope.js";

const target = (hc: HookContext): Target => ({ agent: hc.agent, tenant: hc.tenant, sessionId: hc.sessionId });

const refuse = (hc: HookContext, status: CallResponse["status"], code: string, message: string, extra: Record<string, unknown> = {}, headers?: Record<string, string>): CallResponse => ({
  status,
  body: { error: { code, message, correlation_id: hc.correlationId }, ...extra, call_id: hc.callId, correlation_id: hc.correlationId },
  ...(headers ? { headers } : {}),
});

/** Upstream failures count against circuits; refusals by Warden itself (egress, abort) do not. */
const degraded = (r: ExecResult) => !r.ok && (r.code.startsWith("UPSTREAM_") || r.code === "EXEC_TOOL_FAILED");

export function controlHooks(p: ControlPlane): CallHooks {
  const { rt } = p;
  // The circuits of a tool follow from its adapter's URL: worked out once per tool and URL, not by parsing
  // the URL twice per call (reserve and after). Reused only while the tool's config entry and URL are the
  // very ones it was worked out from. Callers only read the list.
  const circuitMemo = new Map<string, { entry: unknown; url: string | undefined; keys: readonly string[] }>();
  const circuitKeys = (tool: string): readonly string[] => {
    const entry = rt.config.tools[tool] as { http?: { url?: string } } | undefined;
    const url = entry?.http?.url;
    const m = circuitMemo.get(tool);
    if (m !== undefined && m.entry === entry && m.url === url) return m.keys;
    const keys = circuitKeysOf(tool, url);
    if (circuitMemo.size < 4096) circuitMemo.set(tool, { entry, url, keys });
    return keys;
  };
  const pauseFor = async (hc: HookContext, trip: Trip) => {
    await p.kill.pause(hc.agent, trip.breaker, trip.reason, hc.tenant);
  };

  return {
    async admit(hc) {
      const r = p.refusal(target(hc));
      if (r) return refuse(hc, 403, r.code, r.message);
      const cfg = breakerConfig(rt.policies.policy);
      if (cfg.rateSpike) {
        const trip = p.agents.call(cfg.rateSpike, hc.agent, hc.session.task, rt.now());
        if (trip) {
          await pauseFor(hc, trip);
          return refuse(hc, 403, "CONTROL_AGENT_PAUSED", `agent ${hc.agent} was paused by the rate_spike breaker (${trip.reason}); an operator must review and resume it`);
        }
      }
      const limited = await takeRateTokens(hc);
      if (limited) return limited;
      const tokens = await tokensUsedUp(hc);
      if (tokens) return refuse(hc, 403, "CONTROL_BUDGET_EXCEEDED", `the ${tokens.scope} token budget is used up (${tokens.used} of ${tokens.limit})`, { rule_ids: [`warden.budget.${tokens.scope}`] });
      return null;
    },

    async review(hc, d) {
      // decide() already refused a call that would cross the session's cost budget: that ends the session.
      if (d.verdict === "deny" && d.rule_ids.includes("warden.budget") && crossesSessionCost(hc, d)) await terminateForCost(p, hc, "session");
      const cfg = breakerConfig(rt.policies.policy);
      if (d.verdict === "approve" && cfg.pending) {
        const pending = (await rt.store.approvals.listPending(100_000)).filter((e) => (e.value as { session_id?: string }).session_id === hc.sessionId).length;
        if (pending >= cfg.pending.max) {
          const reason = `${pending + 1} pending approvals in session ${hc.sessionId} (more than ${cfg.pending.max})`;
          await pauseFor(hc, { breaker: "pending_approvals", reason });
          return block(d, "warden.breaker.pending_approvals", `${reason}: agent paused until an operator reviews it`);
        }
      }
      let out: Decision = d;
      if (d.verdict === "allow" && cfg.unusual && p.learner.isUnusual(hc.session.task, hc.call.tool, cfg.unusual.learn_sessions))
        out = escalate(rt, out, "warden.breaker.unusual_tool", `\`${hc.call.tool}\` was never called before in task type ${hc.session.task}; a human must approve it`);
      const marker = findMarker(hc.call.reasoning, cfg.markers) ?? p.unsure.get(hc.sessionId) ?? null;
      if (marker && out.verdict !== "deny") {
        p.unsure.delete(hc.sessionId);
        out = escalate(rt, out, "warden.confidence", `the agent expressed uncertainty ("${marker}"); a human must approve this call`);
      }
      return out;
    },

    async reserve(hc, d) {
      // A halt that arrived after admit: nothing starts once the halt is in force.
      const r = p.refusal(target(hc));
      if (r) return { ok: false, response: refuse(hc, 403, r.code, r.message) };
      const cfg = breakerConfig(rt.policies.policy);
      const probes: string[] = [];
      if (cfg.tools) {
        for (const key of circuitKeys(hc.call.tool)) {
          const a = p.circuits.admit(key, rt.now(), cfg.tools.cooldown_ms);
          if (!a.ok) {
            for (const k of probes) p.circuits.unprobe(k);
            const retry = String(Math.max(1, Math.ceil(a.retryAfterMs / 1000)));
            return { ok: false, response: refuse(hc, 503, "CONTROL_BREAKER_OPEN", `the circuit for ${key} is ${a.state === "open" ? "open after repeated failures" : "half-open and already probing"}; failing fast, retry in ${retry}s`, {}, { "retry-after": retry }) };
          }
          if (a.probe) probes.push(key);
        }
      }
      const b = await reserveBudgets(hc, d);
      if (!b.ok) {
        for (const k of probes) p.circuits.unprobe(k);
        if (b.meter === "cost_usd") await terminateForCost(p, hc, b.scope);
        return { ok: false, response: b.response };
      }
      const res: Reservation = { settle: b.reservation.settle, release: async () => (probes.forEach((k) => p.circuits.unprobe(k)), b.reservation.release()) };
      return { ok: true, reservation: res };
    },

    signal(hc) {
      // Between reserve and here nothing awaits, but a halt applied by the poller in between still counts.
      if (p.refusal(target(hc))) return AbortSignal.abort(new Error("halted"));
      return p.inflight.begin(hc.callId, target(hc), rt.now());
    },

    async after(hc, _d, r) {
      p.inflight.end(hc.callId);
      if (!r.ok && r.code === "EXEC_ABORTED") return;
      const cfg = breakerConfig(rt.policies.policy);
      if (cfg.tools) {
        const ok = !degraded(r);
        for (const key of circuitKeys(hc.call.tool)) if (p.circuits.result(key, ok, rt.now(), cfg.tools.failures)) p.alerts.send({ severity: "warning", event: "breaker.open", message: `circuit ${key} opened after ${cfg.tools.failures} failures in a row; calls fail fast for ${cfg.tools.cooldown_ms / 1000}s, then one probe`, details: { circuit: key } });
      }
      const fail = p.agents.result(cfg.failures, hc.agent, r.ok);
      if (fail) await pauseFor(hc, fail);
      if (!r.ok) return;
      if (cfg.volume) {
        const trip = p.agents.output(cfg.volume, hc.agent, hc.session.task, r.bytes);
        if (trip) await pauseFor(hc, trip);
      }
      if (cfg.unusual) await p.learner.observe(hc.session.task, hc.sessionId, hc.call.tool, cfg.unusual.learn_sessions);
      const marker = findMarker(r.output, cfg.markers);
      if (marker) p.unsure.set(hc.sessionId, marker);
    },
  };
}

function circuitKeysOf(tool: string, url: string | undefined): readonly string[] {
  let host: string | null;
  try {
    host = url ? new URL(url.replace(/\{[^}]*\}/g, "x")).host : null;
  } catch {
    host = null;
  }
  return host ? [`tool:${tool}`, `upstream:${host}`] : [`tool:${tool}`];
}

function crossesSessionCost(hc: HookContext, d: Decision): boolean {
  const limit = scopesFor(hc).find((s) => s.scope === "session")?.limits.cost_usd;
  return limit !== undefined && d.consumes.cost_usd > 0 && hc.session.counters.cost_usd + d.consumes.cost_usd > limit;
}

/** The $10 kill switch (seed 000): a call that would cross a cost budget ends its session and alerts. */
export async function terminateForCost(p: ControlPlane, hc: { sessionId: string; agent: string; tenant: string | null; correlationId?: string }, scope: string): Promise<void> {
  await terminateSession(p.rt, hc.sessionId);
  await p.rt.audit.append({ kind: "control", action: "budget.terminate", session_id: hc.sessionId, agent_id: hc.agent, tenant: hc.tenant, correlation_id: hc.correlationId ?? null, details: { scope, meter: "cost_usd", by: "budget" } });
  p.alerts.send({ severity: "critical", event: "budget.terminate", message: `session ${hc.sessionId} of agent ${hc.agent} was terminated: its ${scope} cost budget is crossed`, details: { session_id: hc.sessionId, agent: hc.agent, scope } });
}
