// Making a decision stricter, never looser: allow → approve (or → deny), with the reason on record.
import type { Decision } from "../core/index.js";
import type { Runtime } from "../gateway/runtime.js";

export function escalate(rt: Runtime, d: Decision, ruleId: string, message: string): Decision {
  if (d.verdict !== "allow") return { ...d, reasons: [...d.reasons, { rule_id: ruleId, effect: "approve", message }] };
  const def = rt.policies.policy.defaultApproval;
  return { ...d, verdict: "approve", rule_ids: [ruleId], reasons: [{ rule_id: ruleId, effect: "approve", message }, ...d.reasons], approval: d.approval ?? { approvers: 1, groups: [def.group], timeout_ms: def.timeout_ms } };
}

export function block(d: Decision, ruleId: string, message: string): Decision {
  return { ...d, verdict: "deny", rule_ids: [ruleId], reasons: [{ rule_id: ruleId, effect: "deny", message }, ...d.reasons] };
}
