// Against approval fatigue, with I/O: progressive autonomy counters (count, promote, reset on denial or
// incident) and escalation of requests past their escalation point. The pure rules are in src/approvals.
import { decayable, decayKey, decayClass, type ApprovalRecord } from "../../approvals/index.js";
import type { Json } from "../../ports/index.js";
import { addClean, auditApproval, classesOf, isRecord, recordOf, rememberClass, resetClean } from "./records.js";
import type { ApprovalService } from "./service.js";

const PENDING_SCAN = 1000;

/** Count a clean approved execution toward its class; audit the moment the class decays to notifications. */
export async function countClean(svc: ApprovalService, r: ApprovalRecord, id: string): Promise<void> {
  const key = decayKey(decayClass(r.call.tool, r.decision, r.agent));
  const n = await addClean(svc.rt, key);
  if (n === 1) await rememberClass(svc.rt, r.agent, key);
  if (svc.cfg.decay.enabled && decayable(r.decision) && n === svc.cfg.decay.after)
    await auditApproval(svc.rt, "approval.decay_promoted", id, r, { details: { class: key, clean_approvals: n, note: "this class of medium-risk call now runs with a notification instead of a blocking approval" } });
}

/** Any denial or incident: the class needs blocking approvals again. Audited when it changes anything. */
export async function resetDecay(svc: ApprovalService, key: string, why: string): Promise<number> {
  const was = await resetClean(svc.rt, key);
  if (was > 0) await svc.rt.audit.append({ kind: "approval", action: "approval.decay_reset", details: { class: key, was, why } });
  return was;
}

/** An incident reported by an operator: every decay class of the agent (optionally one tool) starts over. */
export async function reportIncident(svc: ApprovalService, agent: string, tool: string | undefined, by: string, reason: string): Promise<{ class: string; was: number }[]> {
  const out: { class: string; was: number }[] = [];
  for (const key of await classesOf(svc.rt, agent)) {
    if (tool && !key.startsWith(`approval-decay:${agent}:${tool}:`)) continue;
    out.push({ class: key, was: await resetDecay(svc, key, `incident reported by ${by}: ${reason}`) });
  }
  return out;
}

/** Re-notify the escalation group for requests past `escalation.after` of their deadline (once each; CAS). */
export async function escalateDue(svc: ApprovalService): Promise<string[]> {
  const g = svc.cfg.escalation.group;
  if (!g) return [];
  const now = svc.rt.now();
  const out: string[] = [];
  for (const e of await svc.rt.store.approvals.listPending(PENDING_SCAN)) {
    if (!isRecord(e)) continue;
    const r = recordOf(e);
    if (r.escalated_at !== null || now >= e.deadline || now < r.created_at + svc.cfg.escalation.after * (e.deadline - r.created_at)) continue;
    const next: ApprovalRecord = { ...r, escalated_at: now };
    const cas = await svc.rt.store.approvals.update(e.id, e.version, "pending", next as unknown as Json);
    if (!cas.ok) continue;
    await auditApproval(svc.rt, "approval.escalated", e.id, next, { details: { group: g, after: svc.cfg.escalation.after, deadline: new Date(e.deadline).toISOString() } });
    svc.notifyGroups(e.id, next, "escalated", [g]);
    out.push(e.id);
  }
  return out;
}
