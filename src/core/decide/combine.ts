// Combine matches into one verdict: deny beats approve beats allow; tier floors only raise.
import type { CompiledTool } from "../policy/index.js";
import type { ApprovalRequirement, Obligations, Reason, Risk, Tier, Verdict } from "../types.js";
import { BUILTIN } from "./builtin.js";
import type { Match } from "./match.js";

const TIER_RISK: Record<Tier, Risk> = { read_only: "low", write_limited: "medium", write_broad: "high", code_exec: "high", destructive: "critical" };
const RISK_ORDER: Risk[] = ["low", "medium", "high", "critical"];

export function tierRisk(tool: CompiledTool): Risk {
  return tool.spec.bulk ? "critical" : TIER_RISK[tool.spec.tier];
}

/** Approvers the tier demands regardless of rules (seed 002). */
export function tierFloor(tool: CompiledTool): number {
  if (tool.spec.bulk || tool.spec.tier === "destructive") return 2;
  if (tool.spec.tier === "write_broad" || tool.spec.tier === "code_exec") return 1;
  return 0;
}

export function maxRisk(a: Risk, b: Risk | undefined): Risk {
  return b !== undefined && RISK_ORDER.indexOf(b) > RISK_ORDER.indexOf(a) ? b : a;
}

export interface Combined {
  verdict: Verdict;
  reasons: Reason[];
  rule_ids: string[];
  approval: ApprovalRequirement | undefined;
  obligations: Obligations;
  risk: Risk;
}

export function combine(tool: CompiledTool, matches: Match[], grantReason: Reason, defaults: { group: string; timeout_ms: number }): Combined {
  let risk = tierRisk(tool);
  for (const m of matches) risk = maxRisk(risk, m.risk);
  const has = (v: Verdict) => matches.some((m) => m.effect.verdict === v);
  const floor = tierFloor(tool);
  let verdict: Verdict = has("deny") ? "deny" : has("approve") ? "approve" : "allow";
  const reasons: Reason[] = matches.map((m) => ({ rule_id: m.id, effect: m.effect.verdict, message: m.message }));
  // INVARIANT: the tier floor is applied after rules, and only ever raises allow to approve.
  if (verdict !== "deny" && floor > 0) {
    reasons.push({ rule_id: BUILTIN.tierFloor, effect: "approve", message: `${tool.spec.bulk ? "bulk" : tool.spec.tier} tools need ${floor === 1 ? "one approver" : `${floor} distinct approvers`}` });
    verdict = "approve";
  }
  if (verdict === "allow") reasons.unshift(grantReason);
  let approval: ApprovalRequirement | undefined;
  if (verdict === "approve") {
    approval = { approvers: floor, groups: [], timeout_ms: Number.POSITIVE_INFINITY };
    for (const m of matches) {
      const a = m.effect.approval;
      if (m.effect.verdict !== "approve" || !a) continue;
      approval.approvers = Math.max(approval.approvers, a.approvers);
      approval.timeout_ms = Math.min(approval.timeout_ms, a.timeout_ms);
      for (const g of a.groups) if (!approval.groups.includes(g)) approval.groups.push(g);
    }
    if (!approval.groups.length) approval.groups.push(defaults.group);
    if (!Number.isFinite(approval.timeout_ms)) approval.timeout_ms = defaults.timeout_ms;
    approval.approvers = Math.max(1, approval.approvers);
    approval.groups.sort();
  }
  const deciding = reasons.filter((r) => r.effect === verdict);
  const others = reasons.filter((r) => r.effect !== verdict);
  return { verdict, reasons: [...deciding, ...others], rule_ids: deciding.map((r) => r.rule_id), approval, obligations: obligations(tool, matches, verdict), risk };
}

function obligations(tool: CompiledTool, matches: Match[], verdict: Verdict): Obligations {
  const o: Obligations = {};
  if (tool.timeout_ms !== undefined) o.timeout_ms = tool.timeout_ms;
  if (tool.spec.egress) o.egress = [...tool.spec.egress];
  if (tool.spec.tier === "code_exec") o.sandbox = true;
  if (verdict === "deny") return o;
  for (const m of matches) {
    const mo = m.effect.obligations;
    if (mo.redact) o.redact = [...new Set([...(o.redact ?? []), ...mo.redact])];
    if (mo.sandbox) o.sandbox = true;
    if (mo.timeout_ms !== undefined) o.timeout_ms = Math.min(o.timeout_ms ?? Infinity, mo.timeout_ms);
    // Egress only narrows: a rule can restrict the tool's destinations, never widen them.
    if (mo.egress) o.egress = o.egress ? o.egress.filter((d) => mo.egress?.includes(d)) : [...mo.egress];
  }
  return o;
}
