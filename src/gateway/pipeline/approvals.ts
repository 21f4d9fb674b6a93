// Pending approvals as the gateway sees them. Until a human decides (the approvals layer), a pending call
// expires at its deadline and counts as denied: no answer is never a yes.
import type { ApprovalEntry } from "../../ports/index.js";
import type { ExecutionOutcome } from "../../approvals/index.js";
import type { Runtime } from "../runtime.js";

export interface PendingValue {
  kind: "tool_call";
  session_id: string;
  agent: string;
  intent_seq: number;
  correlation_id: string;
  created_at: number;
  call: { tool: string };
  /** Set by the approvals layer once the frozen call ran or was cancelled. */
  outcome?: { status: "executed" | "cancelled"; result?: unknown; error?: unknown; reason?: string };
  reason?: string;
  explain?: { question: string };
}

/** Expire every pending approval past its deadline and record each expiry in the audit log. */
export async function expireDue(rt: Runtime): Promise<string[]> {
  // The approvals layer re-notifies requests past their escalation point on the same sweep.
  await (rt.approvals as { escalateDue?: () => Promise<unknown> } | null)?.escalateDue?.();
  const ids = await rt.store.approvals.expireDue(rt.now());
  for (const id of ids) {
    const e = await rt.store.approvals.get(id);
    const v = e?.value as unknown as PendingValue | undefined;
    rt.metrics.approvalsPending.dec();
    if (v?.intent_seq !== undefined)
      await rt.audit.appendOutcome(v.intent_seq, { status: "not_run", approval: { required: true, status: "expired" }, error: { code: "APPROVAL_EXPIRED", message: "no approver answered before the deadline; the call was denied" } });
    await rt.audit.append({ kind: "approval", action: "approval.expired", session_id: v?.session_id ?? null, agent_id: v?.agent ?? null, tool_name: v?.call.tool ?? null, correlation_id: v?.correlation_id ?? null, approval: { required: true, status: "expired" }, details: { approval_id: id, intent_seq: v?.intent_seq ?? null } });
    rt.logger.info({ event: "approval.expired", approval_id: id, session_id: v?.session_id, correlation_id: v?.correlation_id }, "approval expired (denied)");
  }
  return ids;
}

export type WaitState = "pending" | "approved" | "denied" | "expired" | "cancelled" | "executed";

/** `outcome`: what happened when an approved call was run (approved entries are final, so it lives beside them). */
export function stateOf(e: ApprovalEntry, outcome: ExecutionOutcome | null = null): { status: WaitState; body: Record<string, unknown> } {
  const v = e.value as unknown as PendingValue;
  const base = { approval_id: e.id, deadline: new Date(e.deadline).toISOString() };
  if (outcome?.status === "executed") return { status: "executed", body: { ...base, status: "executed", result: outcome.result ?? null, ...(outcome.error ? { error: outcome.error } : {}) } };
  if (outcome?.status === "refused") return { status: "denied", body: { ...base, status: "denied", reason: `approved, but Warden refused to run it: ${outcome.error?.message ?? "refused"}`, error: outcome.error ?? null } };
  // Approved, and the frozen call is being run: the agent keeps waiting.
  if (e.status === "approved") return { status: "approved", body: { ...base, status: "approved" } };
  if (e.status === "denied" && v.explain) return { status: "denied", body: { ...base, status: "denied", reason: v.reason ?? "an approver asked the agent to explain", explain: { question: v.explain.question, resubmit: { in_reply_to: e.id, note: "send the call again with `reasoning` that answers the question and `in_reply_to` set to this approval id" } } } };
  if (v.outcome?.status === "executed") return { status: "executed", body: { ...base, status: "executed", result: v.outcome.result ?? null, ...(v.outcome.error ? { error: v.outcome.error } : {}) } };
  if (v.outcome?.status === "cancelled") return { status: "cancelled", body: { ...base, status: "cancelled", reason: v.outcome.reason ?? "cancelled by an operator" } };
  if (e.status === "denied") return { status: "denied", body: { ...base, status: "denied", reason: v.reason ?? "an approver denied the call" } };
  if (e.status === "expired") return { status: "expired", body: { ...base, status: "expired", reason: "no approver answered before the deadline; the call was denied" } };
  return { status: "pending", body: { ...base, status: "pending" } };
}
