// decide(): the pure decision function. No I/O, no clock, no randomness; never throws.
import type { PolicySet } from "../policy/index.js";
import { emptyIndex, provenanceMap, provenanceOf, type Session } from "../session/index.js";
import type { Call, Consumption, Decision, ProvenanceEntry, Reason, Risk } from "../types.js";
import { buildBindings } from "./bindings.js";
import { BUILTIN } from "./builtin.js";
import { combine, tierRisk } from "./combine.js";
import { checkSessionBudget, consumption } from "./consumption.js";
import { checkArgs, checkIdentity } from "./identity.js";
import { matchFlows, matchRules, matchSequences } from "./match.js";

const EMPTY = emptyIndex();
const NOTHING: Consumption = { tool_calls: 0, cost_usd: 0, meters: {} };

function denied(reason: Reason, risk: Risk = "high", consumes: Consumption = NOTHING, provenance?: ProvenanceEntry[]): Decision {
  return { verdict: "deny", rule_ids: [reason.rule_id], reasons: [reason], obligations: {}, risk, consumes, ...(provenance ? { provenance } : {}) };
}

/**
 * Decide one call. `session` is what the session has seen so far (undefined: a fresh session);
 * `now` is epoch milliseconds supplied by the caller.
 */
export function decide(policy: PolicySet, call: Call, session: Session | undefined, now: number): Decision {
  try {
    return decideUnsafe(policy, call, session, now);
  } catch (e) {
    // INVARIANT: decide is total. Anything unexpected is a deny that says so.
    return denied({ rule_id: BUILTIN.internal, effect: "deny", message: `internal error while deciding; the call was refused: ${String((e as Error)?.message ?? e).slice(0, 200)}` }, "critical");
  }
}

function decideUnsafe(policy: PolicySet, call: Call, session: Session | undefined, now: number): Decision {
  if (call === null || typeof call !== "object" || typeof call.tool !== "string" || typeof call.agent !== "string" || typeof call.task !== "string")
    return denied({ rule_id: BUILTIN.argsSchema, effect: "deny", message: "a call needs string `agent`, `task` and `tool` fields" });
  const id = checkIdentity(policy, call, session);
  if (!id.ok) return denied(id.reason);
  const { tool, agent } = id;
  const argsProblem = checkArgs(tool, call.args);
  if (argsProblem) return denied(argsProblem, tierRisk(tool));
  // Without a session nothing has been seen yet: every traced value has source "none".
  const provenance = provenanceOf(session?.seen ?? EMPTY, call.args);
  const b = buildBindings(call, tool, agent, session, provenanceMap(provenance), now, tool.reads);
  const { consumes, error } = consumption(tool, b);
  if (error) return denied(error, tierRisk(tool), consumes, provenance);
  const matches = [...matchRules(policy, tool, b), ...matchFlows(policy, tool, session, b), ...matchSequences(policy, tool.name, session, now)].sort((x, y) => x.index - y.index);
  const budget = checkSessionBudget(policy, session, consumes, now);
  if (budget) matches.push({ id: BUILTIN.budget, index: Number.MAX_SAFE_INTEGER, effect: { verdict: "deny", message: budget.message, approval: undefined, obligations: {} }, message: budget.message, risk: undefined });
  const grant: Reason = { rule_id: BUILTIN.grant, effect: "allow", message: `\`${tool.name}\` is granted to task \`${call.task}\` and allowed for agent \`${agent.id}\`` };
  const c = combine(tool, matches, grant, policy.defaultApproval);
  return {
    verdict: c.verdict,
    rule_ids: c.rule_ids,
    reasons: c.reasons,
    obligations: c.obligations,
    risk: c.risk,
    ...(c.approval ? { approval: c.approval } : {}),
    consumes,
    provenance,
  };
}
