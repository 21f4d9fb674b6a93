// Progressive autonomy: after N approved-without-incident calls of one class (tool + rule + agent), a
// medium-risk checkpoint becomes a notification. INVARIANT: never for high or critical risk, never for a
// request that needs more than one approver.
import type { Decision } from "../core/index.js";

export interface DecayClass {
  tool: string;
  rules: string[];
  agent: string;
}

export function decayClass(tool: string, d: Decision, agent: string): DecayClass {
  return { tool, rules: [...d.rule_ids].sort(), agent };
}

/** Stable key for counters. */
export function decayKey(c: DecayClass): string {
  return `approval-decay:${c.agent}:${c.tool}:${c.rules.join("+")}`;
}

/** Whether this decision may ever decay to a notification. */
export function decayable(d: Decision): boolean {
  return d.risk === "medium" && (d.approval?.approvers ?? 1) <= 1;
}

export function decayed(d: Decision, cleanApprovals: number, cfg: { enabled: boolean; after: number }): boolean {
  return cfg.enabled && decayable(d) && cleanApprovals >= cfg.after;
}
