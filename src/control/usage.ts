// The accounting API's engine: token and cost usage reported after the fact (the LLM proxy, or an agent
// SDK reporting its own model calls) is added to the session, agent and tenant counters. Crossing a cost
// budget terminates the session and alerts; a used-up token budget refuses the next call (admit).
import type { Session } from "../core/index.js";
import { peekSession, updateSession } from "../gateway/pipeline/session-repo.js";
import { scopesFor, toAmounts } from "./budgets.js";
import { findMarker } from "./confidence.js";
import { breakerConfig } from "./breakers/config.js";
import { terminateForCost } from "./hooks.js";
import type { ControlPlane } from "./plane.js";

export interface UsageInput {
  tokens?: number;
  cost_usd?: number;
  model?: string;
  /** The completion text, checked for confidence markers. */
  output?: string;
}

export type UsageResult =
  | { ok: true; session: { tokens: number; cost_usd: number; status: Session["status"] }; terminated: boolean; escalate_next: boolean }
  | { ok: false; code: "NOT_FOUND" | "REQUEST_INVALID"; message: string };

export async function recordUsage(p: ControlPlane, agent: string, sessionId: string, u: UsageInput, correlationId?: string): Promise<UsageResult> {
  const { rt } = p;
  const s = await peekSession(rt.store.sessions, sessionId);
  // SECURITY: another agent's session is "not found".
  if (!s || s.agent !== agent) return { ok: false, code: "NOT_FOUND", message: `no session ${sessionId} for this agent` };
  const tokens = u.tokens ?? 0;
  const cost = u.cost_usd ?? 0;
  if (!Number.isFinite(tokens) || tokens < 0 || !Number.isFinite(cost) || cost < 0) return { ok: false, code: "REQUEST_INVALID", message: "tokens and cost_usd must be finite numbers ≥ 0" };
  const hc = { rt, session: s, agent, tenant: s.tenant ?? null, sessionId };
  const amounts = toAmounts({ tokens, cost_usd: cost });
  let crossed: string | null = null;
  for (const sc of scopesFor(hc)) {
    const used = await rt.store.counters.add(sc.key, amounts);
    if (sc.limits.cost_usd !== undefined && (used["cost_usd"] ?? 0) > sc.limits.cost_usd) crossed ??= sc.scope;
  }
  // Scopes with no budget still count, so a budget added later starts from the truth.
  for (const k of [`budget:agent:${agent}`, ...(s.tenant ? [`budget:tenant:${s.tenant}`] : [])]) if (!scopesFor(hc).some((x) => x.key === k)) await rt.store.counters.add(k, amounts);
  const next = await updateSession(rt.store.sessions, sessionId, (x) => ({ ...x, counters: { ...x.counters, tokens: x.counters.tokens + tokens, cost_usd: x.counters.cost_usd + cost } }));
  if (crossed && next.status !== "ended") await terminateForCost(p, { sessionId, agent, tenant: hc.tenant, ...(correlationId ? { correlationId } : {}) }, crossed);
  const marker = findMarker(u.output, breakerConfig(rt.policies.policy).markers);
  if (marker) p.unsure.set(sessionId, marker);
  return { ok: true, session: { tokens: next.counters.tokens, cost_usd: next.counters.cost_usd, status: crossed ? "ended" : next.status }, terminated: crossed !== null, escalate_next: marker !== null };
}
