// Budgets per session, agent and tenant, enforced with the counters port: a call reserves what its
// decision says it would consume in every scope before it runs, and settles what it used after, so
// concurrent calls (across processes sharing the store) cannot overspend together.
// SECURITY: nothing here looks at who holds which credential or role: no identity bypasses a budget.
import type { CompiledLimits, Decision, Session } from "../core/index.js";
import { effectiveLimits } from "../core/decide/consumption.js";
import type { Amounts } from "../ports/index.js";
import type { HookContext, Reservation } from "../gateway/hooks.js";
import type { CallResponse } from "../gateway/pipeline/respond.js";

export type BudgetScope = "session" | "agent" | "tenant";

/** A reservation stops counting after this: a crashed gateway cannot hold budget forever. */
const RESERVATION_TTL_MS = 15 * 60_000;

export const budgetKey = (scope: BudgetScope, id: string) => `budget:${scope}:${id}`;

/** The limits that apply to a call in each scope, with the counter key they are kept under. */
export function scopesFor(hc: { session: Session; agent: string; tenant: string | null; sessionId: string; rt: HookContext["rt"] }): { scope: BudgetScope; key: string; limits: CompiledLimits }[] {
  const b = hc.rt.policies.policy.budgets;
  const out: { scope: BudgetScope; key: string; limits: CompiledLimits }[] = [];
  const session = effectiveLimits(b.session, hc.session.budgets);
  if (session) out.push({ scope: "session", key: budgetKey("session", hc.sessionId), limits: session });
  if (b.agent) out.push({ scope: "agent", key: budgetKey("agent", hc.agent), limits: b.agent });
  if (b.tenant && hc.tenant !== null) out.push({ scope: "tenant", key: budgetKey("tenant", hc.tenant), limits: b.tenant });
  return out;
}

/** Meters as the counters port stores them: `m:` prefixes argument meters so they never clash with built-ins. */
export function toAmounts(c: { tool_calls?: number; cost_usd?: number; tokens?: number; meters?: Record<string, number> }): Amounts {
  const a: Amounts = {};
  if (c.tool_calls) a["tool_calls"] = c.tool_calls;
  if (c.cost_usd) a["cost_usd"] = c.cost_usd;
  if (c.tokens) a["tokens"] = c.tokens;
  for (const [k, v] of Object.entries(c.meters ?? {})) a[`m:${k}`] = v;
  return a;
}

function toLimits(l: CompiledLimits): Amounts {
  const a: Amounts = {};
  if (l.tool_calls !== undefined) a["tool_calls"] = l.tool_calls;
  if (l.cost_usd !== undefined) a["cost_usd"] = l.cost_usd;
  for (const [k, v] of Object.entries(l.meters)) a[`m:${k}`] = v;
  return a;
}

const meterName = (m: string) => (m.startsWith("m:") ? `\`${m.slice(2)}\`` : m === "cost_usd" ? "cost in USD" : m.replace("_", " "));

export type ReserveOutcome = { ok: true; reservation: Reservation } | { ok: false; response: CallResponse; scope: BudgetScope; meter: string };

export async function reserveBudgets(hc: HookContext, d: Decision): Promise<ReserveOutcome> {
  const { rt } = hc;
  const amounts = toAmounts(d.consumes);
  const now = rt.now();
  const scopes = scopesFor(hc);
  const held = scopes.map((s) => ({ key: s.key, id: `${hc.callId}:${s.scope}` }));
  const releaseAll = async () => void (await Promise.all(held.map((h) => rt.store.counters.release(h.id))));
  // Every scope in one atomic step (one commit): all are held, or none.
  const r = await rt.store.counters.reserveAll(scopes.map((s, i) => ({ key: s.key, reservationId: (held[i] as { id: string }).id, amounts, limits: toLimits(s.limits), now, expiresAt: now + RESERVATION_TTL_MS })));
  {
    const s = r.ok ? undefined : scopes[r.index];
    if (!r.ok && s) {
      const message = `${s.scope} budget for ${meterName(r.meter)} would be exceeded (${round(r.used)} used + ${round(r.reserved)} reserved by calls in flight + ${round(r.requested)} > ${r.limit}); the call did not run`;
      return {
        ok: false,
        scope: s.scope,
        meter: r.meter,
        response: { status: 403, body: { verdict: "deny", rule_ids: [`warden.budget.${s.scope}`], message, error: { code: "CONTROL_BUDGET_EXCEEDED", message, correlation_id: hc.correlationId }, budget: { scope: s.scope, meter: r.meter.replace(/^m:/, ""), used: r.used, reserved: r.reserved, requested: r.requested, limit: r.limit }, call_id: hc.callId, correlation_id: hc.correlationId } },
      };
    }
  }
  return {
    ok: true,
    reservation: {
      settle: async (actual) => {
        const used = toAmounts({ tool_calls: d.consumes.tool_calls, cost_usd: actual.cost_usd ?? d.consumes.cost_usd, meters: actual.meters ?? d.consumes.meters, ...(actual.tokens ? { tokens: actual.tokens } : {}) });
        await rt.store.counters.settleAll(held.map((h) => h.id), used);
      },
      release: releaseAll,
    },
  };
}

/** Tokens arrive after the fact (accounting API), so a used-up token budget refuses the next call. */
export async function tokensUsedUp(hc: HookContext): Promise<{ scope: BudgetScope; used: number; limit: number } | null> {
  for (const s of scopesFor(hc)) {
    if (s.limits.tokens === undefined) continue;
    const used = (await hc.rt.store.counters.get(s.key, hc.rt.now())).used["tokens"] ?? 0;
    if (used >= s.limits.tokens) return { scope: s.scope, used, limit: s.limits.tokens };
  }
  return null;
}

const round = (n: number) => Math.round(n * 100) / 100;
