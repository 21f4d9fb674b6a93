// Guardrail checkpoints on a governed call: tool arguments before the call (pre_tool) and tool output after
// it (post_tool). Scanners come from the policy (`guard:`), compiled with it.
import { inspectToolOutput, runCheckpoint, type Decision, type InspectedOutput, type PolicySet } from "../../core/index.js";
import type { Metrics } from "../observability/index.js";

/**
 * pre_tool: a blocking finding in the arguments denies the call, an escalating one holds it for a human.
 * Findings never loosen a decision, and arguments are not rewritten (the audit redactor masks what is stored).
 */
export function reviewArguments(policy: PolicySet, args: unknown, d: Decision, metrics: Metrics): Decision {
  if (d.verdict === "deny") return d;
  const r = runCheckpoint(policy.guard, "pre_tool", JSON.stringify(args ?? {}));
  if (r.action !== "block" && r.action !== "escalate") return d;
  const ids = (r.blocked_by.length ? r.blocked_by : [...new Set(r.findings.map((f) => f.scanner))]).map((s) => `guard.${s}`);
  const types = [...new Set(r.findings.map((f) => f.type))].join(", ") || "scanner failure";
  if (r.action === "block") {
    for (const id of ids) metrics.blocks.inc({ rule: id });
    const reasons = ids.map((rule_id) => ({ rule_id, effect: "deny" as const, message: `the arguments carry ${types}; the call was blocked by the guardrails` }));
    return { ...d, verdict: "deny", rule_ids: ids, reasons: [...reasons, ...d.reasons], approval: undefined };
  }
  const reasons = ids.map((rule_id) => ({ rule_id, effect: "approve" as const, message: `the arguments carry ${types}; a human must look first` }));
  const approval = d.approval ?? { approvers: 1, groups: [policy.defaultApproval.group], timeout_ms: policy.defaultApproval.timeout_ms };
  return { ...d, verdict: "approve", rule_ids: d.verdict === "approve" ? [...d.rule_ids, ...ids] : ids, reasons: [...reasons, ...d.reasons], approval };
}

/** post_tool: redact what must not pass, label the session, or withhold the output entirely. */
export function inspectOutput(policy: PolicySet, output: unknown, metrics: Metrics): InspectedOutput {
  const r = inspectToolOutput(policy, output);
  if (r.redaction_events) metrics.redactions.inc({ source: "guard" }, r.redaction_events);
  for (const s of r.blocked_by) metrics.blocks.inc({ rule: `guard.${s}` });
  return r;
}
