// What a call would consume, and the session budget check that needs no I/O.
import { evaluate, toPlain } from "../cel/index.js";
import type { Bindings } from "./bindings.js";
import type { CompiledLimits, CompiledTool, PolicySet } from "../policy/index.js";
import type { Session } from "../session/index.js";
import type { Consumption, Reason } from "../types.js";
import { BUILTIN } from "./builtin.js";

export function consumption(tool: CompiledTool, b: Bindings): { consumes: Consumption; error?: Reason } {
  const meters: Record<string, number> = {};
  for (const m of tool.meters) {
    const r = evaluate(m.value, b.plain, b.cel);
    const v = "value" in r ? toPlain(r.value) : undefined;
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
      // SECURITY: an unmeasurable call could slip past a budget, so it does not run.
      return {
        consumes: { tool_calls: 1, cost_usd: tool.spec.cost_usd ?? 0, meters },
        error: { rule_id: BUILTIN.budget, effect: "deny", message: `meter \`${m.name}\` could not be computed for this call (${"error" in r ? r.error : "not a non-negative number"})` },
      };
    }
    meters[m.name] = v;
  }
  return { consumes: { tool_calls: 1, cost_usd: tool.spec.cost_usd ?? 0, meters } };
}

/** Session-level budgets, checked against the counters the session value carries. */
export function checkSessionBudget(policy: PolicySet, session: Session | undefined, c: Consumption, now: number): Reason | undefined {
  if (!session) return undefined;
  const limits = effectiveLimits(policy.budgets.session, session.budgets);
  if (!limits) return undefined;
  const over = (what: string, used: number, add: number, cap: number | undefined) =>
    cap !== undefined && used + add > cap ? `session budget for ${what} would be exceeded (${round(used)} used + ${round(add)} > ${cap})` : undefined;
  const msg =
    over("tool calls", session.counters.tool_calls, c.tool_calls, limits.tool_calls) ??
    over("cost in USD", session.counters.cost_usd, c.cost_usd, limits.cost_usd) ??
    Object.entries(c.meters)
      .map(([m, v]) => over(`\`${m}\``, session.counters.meters[m] ?? 0, v, limits.meters[m]))
      .find((x) => x !== undefined) ??
    (limits.wall_time_ms !== undefined && now - session.started_at > limits.wall_time_ms ? `session wall time of ${limits.wall_time_ms / 1000}s is used up` : undefined) ??
    (limits.tokens !== undefined && session.counters.tokens >= limits.tokens ? `session token budget (${limits.tokens}) is used up` : undefined);
  return msg ? { rule_id: BUILTIN.budget, effect: "deny", message: msg } : undefined;
}

const round = (n: number) => Math.round(n * 100) / 100;

const minOf = (a: number | undefined, b: number | undefined) => (a === undefined ? b : b === undefined ? a : Math.min(a, b));

/** The policy's session budget tightened by the session's own (never loosened). */
export function effectiveLimits(policy: CompiledLimits | undefined, own: Session["budgets"]): CompiledLimits | undefined {
  if (!own) return policy;
  const meters: Record<string, number> = { ...(policy?.meters ?? {}) };
  for (const [k, v] of Object.entries(own.meters ?? {})) meters[k] = minOf(meters[k], v) as number;
  const out: CompiledLimits = { meters };
  const set = (k: "tool_calls" | "cost_usd" | "tokens" | "wall_time_ms", v: number | undefined) => {
    if (v !== undefined) out[k] = v;
  };
  set("tool_calls", minOf(policy?.tool_calls, own.tool_calls));
  set("cost_usd", minOf(policy?.cost_usd, own.cost_usd));
  set("tokens", minOf(policy?.tokens, own.tokens));
  set("wall_time_ms", minOf(policy?.wall_time_ms, own.wall_time_ms));
  return out;
}
