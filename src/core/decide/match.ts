// Which rules, flows and sequences apply to a call.
import { evaluate } from "../cel/index.js";
import type { Bindings } from "./bindings.js";
import type { CompiledEffect, CompiledTool, PolicySet } from "../policy/index.js";
import type { Session } from "../session/index.js";
import type { Risk } from "../types.js";
import { BUILTIN } from "./builtin.js";

export interface Match {
  id: string;
  index: number;
  effect: CompiledEffect;
  message: string;
  risk: Risk | undefined;
}

/** Rules indexed under the tool plus global ones, in policy order. */
export function matchRules(policy: PolicySet, tool: CompiledTool, b: Bindings): Match[] {
  const out: Match[] = [];
  const visit = (rules: typeof policy.rules) => {
    for (const r of rules) {
      const res = evaluate(r.when, b.plain, b.cel);
      if ("value" in res) {
        if (res.value === true) out.push({ id: r.id, index: r.index, effect: r.effect, message: r.effect.message, risk: r.risk });
        else if (res.value !== false) failClosed(out, r, `condition returned a non-boolean`);
      } else failClosed(out, r, res.error);
    }
  };
  visit(tool.rules);
  visit(policy.globalRules);
  return out.sort((a, b2) => a.index - b2.index);
}

// SECURITY: a deny or approve rule whose condition cannot be evaluated applies anyway (fail closed);
// an allow rule that cannot be evaluated does not apply.
function failClosed(out: Match[], r: PolicySet["rules"][number], why: string): void {
  if (r.effect.verdict === "allow") return;
  out.push({ id: r.id, index: r.index, effect: r.effect, risk: r.risk, message: `${r.effect.message} (condition could not be evaluated: ${why}; failing closed — ${BUILTIN.conditionError})` });
}

export function matchFlows(policy: PolicySet, tool: CompiledTool, session: Session | undefined, b: Bindings): Match[] {
  if (!session || policy.flows.length === 0) return [];
  const labels = new Set(session.labels);
  const out: Match[] = [];
  for (const f of policy.flows) {
    if (!f.labels.every((l) => labels.has(l))) continue;
    const sink = tool.spec.sink ?? "internal";
    const applies = f.tools ? f.tools.has(tool.name) : f.sinks === "any" || f.sinks === sink;
    if (!applies) continue;
    if (f.unless) {
      const r = evaluate(f.unless, b.plain, b.cel);
      if ("value" in r && r.value === true) continue;
    }
    out.push({ id: f.id, index: f.index, effect: f.effect, message: f.effect.message, risk: undefined });
  }
  return out;
}

/** A sequence applies when this call completes it: earlier steps ran, in order, within the window. */
export function matchSequences(policy: PolicySet, toolName: string, session: Session | undefined, now: number): Match[] {
  if (!session || policy.sequences.length === 0) return [];
  const history = session.history;
  const out: Match[] = [];
  for (const s of policy.sequences) {
    if (s.steps[s.steps.length - 1] !== toolName) continue;
    // Walk backwards over the calls that ran, matching earlier steps to the latest possible occurrences
    // (tightest window); it stops as soon as they are all found, so a recent match costs a few steps.
    let need = s.steps.length - 2;
    let firstAt = now;
    for (let i = history.length - 1; i >= 0 && need >= 0; i--) {
      const h = history[i];
      if (h && h.executed && h.tool === s.steps[need]) {
        firstAt = h.at;
        need--;
      }
    }
    if (need >= 0) continue;
    if (s.within_ms !== undefined && now - firstAt > s.within_ms) continue;
    out.push({ id: s.id, index: s.index, effect: s.effect, message: s.effect.message, risk: undefined });
  }
  return out;
}
