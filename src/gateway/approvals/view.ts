// The full context of one request, for approvers (HTTP show, CLI show, notifications). Arguments are masked
// as the policy's redact obligations say; the approval token never leaves the gateway.
import { highlights, labelLines, provenanceLines, recentHistory, summary, type ApprovalRecord, type ExecutionOutcome } from "../../approvals/index.js";
import type { ApprovalEntry } from "../../ports/index.js";
import { redactPointers } from "../pipeline/redact.js";
import { peekSession } from "../pipeline/session-repo.js";
import { stateOf } from "../pipeline/approvals.js";
import type { Runtime } from "../runtime.js";
import { recordOf } from "./records.js";

export function shownArgs(r: ApprovalRecord): unknown {
  return redactPointers(r.call.args, r.decision.obligations.redact ?? []).value;
}

export function links(rt: Runtime, id: string): Record<string, string> {
  const base = (rt.config.approvals.public_url ?? `http://${rt.config.host}:${rt.config.port}`).replace(/\/$/, "");
  return { show: `${base}/admin/approvals/${id}`, approve: `${base}/admin/approvals/${id}/approve`, deny: `${base}/admin/approvals/${id}/deny`, explain: `${base}/admin/approvals/${id}/explain` };
}

/** One line for lists. */
export function listItem(e: ApprovalEntry, outcome: ExecutionOutcome | null = null) {
  const r = recordOf(e);
  const args = shownArgs(r);
  return {
    id: e.id,
    status: stateOf(e, outcome).status,
    summary: summary(r, args),
    tool: r.call.tool,
    agent: r.agent,
    session_id: r.session_id,
    tenant: r.tenant,
    risk: r.decision.risk,
    rule_ids: r.decision.rule_ids,
    approvals: { required: r.required, have: r.votes.length, groups: r.groups },
    batch_id: r.batch_id,
    created_at: new Date(r.created_at).toISOString(),
    deadline: new Date(e.deadline).toISOString(),
    escalated: r.escalated_at !== null,
  };
}

/** Everything an approver needs to judge the request. */
export async function fullView(rt: Runtime, e: ApprovalEntry, outcome: ExecutionOutcome | null, batchIds: string[]) {
  const r = recordOf(e);
  const args = shownArgs(r);
  const s = await peekSession(rt.store.sessions, r.session_id);
  const tool = rt.policies.policy.tools.get(r.call.tool)?.spec;
  let previous: Record<string, unknown> | null = null;
  if (r.in_reply_to) {
    const p = await rt.store.approvals.get(r.in_reply_to);
    if (p) previous = { id: p.id, question: recordOf(p).explain?.question ?? null, reasoning: recordOf(p).call.reasoning ?? null, args: shownArgs(recordOf(p)) };
  }
  return {
    ...listItem(e, outcome),
    summary: summary(r, args, batchIds.length),
    principal: r.principal,
    tool: { name: r.call.tool, tier: tool?.tier ?? null, effect: tool?.effect ?? null, description: tool?.description ?? null },
    args,
    highlights: highlights(args),
    reasoning: r.call.reasoning ?? null,
    rules: r.decision.reasons.filter((x) => x.effect === r.decision.verdict),
    other_reasons: r.decision.reasons.filter((x) => x.effect !== r.decision.verdict),
    risk: r.decision.risk,
    approvals: { required: r.required, groups: r.groups, votes: r.votes.map((v) => ({ user: v.user, at: new Date(v.at).toISOString(), latency_ms: v.latency_ms, comment: v.comment ?? null })) },
    provenance: provenanceLines(r.decision.provenance),
    session: s ? { id: s.id, task: s.task, status: s.status, labels: labelLines(s.labels), recent: recentHistory(s.history).map((h) => ({ ...h, at: new Date(h.at).toISOString() })), steps: s.history.length } : null,
    batch: { id: r.batch_id, pending: batchIds },
    in_reply_to: r.in_reply_to,
    previous,
    reason: r.reason ?? null,
    denied_by: r.denied_by ?? null,
    explain: r.explain ? { ...r.explain, at: new Date(r.explain.at).toISOString() } : null,
    cancelled: r.outcome ?? null,
    execution: outcome ? { status: outcome.status, http_status: outcome.http_status, error: outcome.error ?? null, at: new Date(outcome.at).toISOString() } : null,
    links: links(rt, e.id),
  };
}
