// Who may vote on an approval, and what a vote does. Pure: the caller supplies the clock and the groups.
import type { ApprovalsConfig } from "./config.js";
import type { Actor, ApprovalRecord, Vote } from "./types.js";

export type Refusal = { ok: false; code: "APPROVAL_SELF" | "APPROVAL_ALREADY_VOTED" | "APPROVAL_NOT_IN_GROUP" | "AUTH_FORBIDDEN"; message: string };

/** Groups whose members may decide this request: the rule's, plus the escalation group once escalated. */
export function deciderGroups(r: ApprovalRecord, cfg: ApprovalsConfig): string[] {
  const g = [...r.groups];
  if (r.escalated_at !== null && cfg.escalation.group && !g.includes(cfg.escalation.group)) g.push(cfg.escalation.group);
  return g;
}

/** Whether `actor` may approve, deny or ask to explain `r`. Role and group; self-approval is checked in vote(). */
export function mayDecide(r: ApprovalRecord, actor: Actor, cfg: ApprovalsConfig): { ok: true } | Refusal {
  if (actor.role !== "approver" && actor.role !== "admin") return { ok: false, code: "AUTH_FORBIDDEN", message: "deciding an approval needs the approver (or admin) role" };
  // With no groups configured, the approver role is the only gate (documented: configure groups in production).
  if (cfg.groups === null) return { ok: true };
  const groups = deciderGroups(r, cfg);
  if (!groups.some((g) => (cfg.groups?.[g] ?? []).includes(actor.user)))
    return { ok: false, code: "APPROVAL_NOT_IN_GROUP", message: `${actor.user} is not in ${groups.length > 1 ? "any of the groups" : "the group"} ${groups.join(", ")} (approvals.groups in warden.yaml)` };
  return { ok: true };
}

export type VoteResult = { ok: true; record: ApprovalRecord; complete: boolean } | Refusal;

/** Add an approving vote. INVARIANT: distinct people fill the slots, and never the principal who asked. */
export function vote(r: ApprovalRecord, actor: Actor, cfg: ApprovalsConfig, now: number, comment?: string): VoteResult {
  const may = mayDecide(r, actor, cfg);
  if (!may.ok) return may;
  // SECURITY: principals and approvers share one user-id namespace, so this comparison is meaningful.
  if (r.principal !== null && actor.user === r.principal) return { ok: false, code: "APPROVAL_SELF", message: `${actor.user} asked for this call (the principal) and cannot approve it; another approver must` };
  if (r.votes.some((v) => v.user === actor.user))
    return { ok: false, code: "APPROVAL_ALREADY_VOTED", message: `${actor.user} already approved; this request needs ${r.required} distinct approvers (${r.votes.length} so far)` };
  const v: Vote = { user: actor.user, role: actor.role, at: now, latency_ms: Math.max(0, now - r.created_at), ...(comment ? { comment } : {}) };
  const votes = [...r.votes, v];
  return { ok: true, record: { ...r, votes }, complete: votes.length >= r.required };
}
