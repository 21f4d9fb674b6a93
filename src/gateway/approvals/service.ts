// The approvals handler: holds a call that needs a human, records people's decisions (CAS on the entry, so
// concurrent answers resolve to exactly one outcome), and once approved verifies and consumes the signed
// token and runs the frozen call itself.
import { batchFor, decayClass, decayKey, decayable, decayed, mayDecide, signToken, summary, vote, type Actor, type ApprovalRecord, type ApprovalsConfig, type NotificationKind } from "../../approvals/index.js";
import type { Decision } from "../../core/index.js";
import type { ApprovalEntry, Json } from "../../ports/index.js";
import type { ApprovalHandler, HookContext } from "../hooks.js";
import { executeDecided } from "../pipeline/governed-call.js";
import { decisionSummary, type CallResponse } from "../pipeline/respond.js";
import { expireDue } from "../pipeline/approvals.js";
import { newId, type Runtime } from "../runtime.js";
import { loadTokenKey } from "./keys.js";
import { Notifier } from "./notifier.js";
import { auditApproval, cleanCount, getOutcome, isRecord, recordOf } from "./records.js";
import { countClean, escalateDue, reportIncident, resetDecay } from "./fatigue.js";
import { runApproved, type RunResult } from "./run.js";
import { fullView, links, shownArgs } from "./view.js";

/** A refusal of a person's action, mapped to HTTP at the route. */
export type ActionError = { ok: false; code: "NOT_FOUND" | "AUTH_FORBIDDEN" | "APPROVAL_NOT_PENDING" | "APPROVAL_SELF" | "APPROVAL_ALREADY_VOTED" | "APPROVAL_NOT_IN_GROUP"; message: string };
export type ActionResult = { ok: true; id: string; status: "pending" | "approved" | "denied" | "cancelled"; votes?: number; required?: number; execution?: RunResult } | ActionError;

const CAS_TRIES = 8;
const PENDING_SCAN = 1000;

export class ApprovalService implements ApprovalHandler {
  readonly notifier: Notifier;
  readonly tokenKey: Buffer;
  readonly cfg: ApprovalsConfig;

  constructor(readonly rt: Runtime) {
    this.cfg = rt.config.approvals;
    this.notifier = new Notifier(rt, this.cfg);
    this.tokenKey = loadTokenKey(rt.config.dataDir, this.cfg.token.secret);
  }

  async hold(hc: HookContext, d: Decision, intentSeq: number): Promise<CallResponse> {
    const { rt, call } = hc;
    const ids = { call_id: hc.callId, correlation_id: hc.correlationId };
    const refuse = async (code: "APPROVAL_REASONING_REQUIRED" | "APPROVAL_IN_REPLY_TO_INVALID", message: string): Promise<CallResponse> => {
      await rt.audit.appendOutcome(intentSeq, { status: "not_run", approval: { required: true, status: "denied" }, error: { code, message } });
      return { status: 422, body: { ...decisionSummary(d), error: { code, message, correlation_id: hc.correlationId }, ...ids } };
    };
    // Seed 000 phase 3: a reviewer judges the reasoning against the action, so no reasoning, no request.
    if (!call.reasoning?.trim()) return refuse("APPROVAL_REASONING_REQUIRED", "this call needs a human approval, and approvers need to know why: send it again with `reasoning` explaining the call");
    const inReplyTo = hc.inReplyTo ?? null;
    if (inReplyTo !== null) {
      const prev = await rt.store.approvals.get(inReplyTo).catch(() => null);
      const pv = prev && isRecord(prev) ? recordOf(prev) : null;
      if (!pv || pv.session_id !== hc.sessionId || pv.agent !== hc.agent || !pv.explain) return refuse("APPROVAL_IN_REPLY_TO_INVALID", `in_reply_to ${inReplyTo} is not an approval of this session that asked the agent to explain`);
    }
    const now = rt.now();
    const req = d.approval ?? { approvers: 1, groups: [rt.policies.policy.defaultApproval.group], timeout_ms: rt.policies.policy.defaultApproval.timeout_ms };
    const id = newId("apr");
    const pending = (await rt.store.approvals.listPending(PENDING_SCAN)).filter(isRecord).map((e) => ({ id: e.id, value: recordOf(e) }));
    const record: ApprovalRecord = {
      kind: "tool_call", session_id: hc.sessionId, agent: hc.agent, tenant: hc.tenant, principal: call.principal, intent_seq: intentSeq, correlation_id: hc.correlationId, call_id: hc.callId, created_at: now,
      call, decision: d, required: req.approvers, groups: req.groups, votes: [], batch_id: batchFor(pending, { session_id: hc.sessionId, tool: call.tool, now }, this.cfg.batching.window_ms) ?? id, in_reply_to: inReplyTo, escalated_at: null,
    };
    // Progressive autonomy: a medium-risk class with enough clean approvals runs, and people are told.
    if (this.cfg.decay.enabled && decayable(d)) {
      const key = decayKey(decayClass(call.tool, d, hc.agent));
      const clean = await cleanCount(rt, key);
      if (decayed(d, clean, this.cfg.decay)) {
        await auditApproval(rt, "approval.decayed", id, record, { approval: { required: false, status: "approved", approver: "decay" }, details: { class: key, clean_approvals: clean, after: this.cfg.decay.after } });
        this.notifyGroups(id, record, "decayed", req.groups);
        const res = await executeDecided(hc, d, intentSeq);
        return { ...res, body: { ...res.body, approval: { mode: "notification", reason: `${clean} clean approvals of this class; approvers were notified instead of asked` } } };
      }
    }
    const deadline = now + req.timeout_ms;
    // INVARIANT: the call is frozen here; what people approve is exactly what will run.
    await rt.store.approvals.create(id, record as unknown as Json, deadline);
    rt.metrics.approvalsPending.inc();
    await auditApproval(rt, "approval.requested", id, record, { approval: { required: true, status: "pending" }, details: { required: req.approvers, groups: req.groups, deadline: new Date(deadline).toISOString(), in_reply_to: inReplyTo, reasoning: call.reasoning } });
    rt.logger.info({ event: "approval.requested", approval_id: id, batch_id: record.batch_id, session_id: hc.sessionId, tool: call.tool, correlation_id: hc.correlationId }, "held for approval");
    // One notification per batch: later requests of the batch show up under it (approval fatigue).
    if (record.batch_id === id) this.notifyGroups(id, record, "requested", req.groups);
    return {
      status: 202,
      body: { ...decisionSummary(d), approval_id: id, status: "pending", approval: req, deadline: new Date(deadline).toISOString(), batch_id: record.batch_id, in_reply_to: inReplyTo, wait: `/v1/approvals/${id}/wait`, ...ids },
    };
  }

  /** Approve: one vote; the last required vote signs the token and runs the call. */
  async approve(id: string, actor: Actor, comment?: string): Promise<ActionResult> {
    for (let i = 0; i < CAS_TRIES; i++) {
      const e = await this.pendingEntry(id, actor);
      if (!e.ok) return e;
      const r = recordOf(e.entry);
      const now = this.rt.now();
      const v = vote(r, actor, this.cfg, now, comment);
      if (!v.ok) return v;
      const last = v.record.votes[v.record.votes.length - 1];
      const info = { required: true, status: v.complete ? ("approved" as const) : ("pending" as const), approver: actor.user, approved_at: new Date(now).toISOString(), latency_ms: last?.latency_ms ?? null };
      if (!v.complete) {
        const cas = await this.rt.store.approvals.update(id, e.entry.version, "pending", v.record as unknown as Json);
        if (!cas.ok) continue;
        await auditApproval(this.rt, "approval.vote", id, v.record, { approval: info, details: { by: actor.user, role: actor.role, votes: v.record.votes.length, required: r.required, comment: comment ?? null } });
        return { ok: true, id, status: "pending", votes: v.record.votes.length, required: r.required };
      }
      const { token } = signToken(this.tokenKey, { approvalId: id, call: { tool: r.call.tool, args: r.call.args, session: r.session_id, agent: r.agent }, now, ttlMs: this.cfg.token.ttl_ms, approvers: v.record.votes.map((x) => x.user) });
      const cas = await this.rt.store.approvals.update(id, e.entry.version, "approved", { ...v.record, token } as unknown as Json);
      if (!cas.ok) continue;
      this.rt.metrics.approvalsPending.dec();
      await auditApproval(this.rt, "approval.approved", id, v.record, { approval: info, details: { by: actor.user, role: actor.role, approvers: v.record.votes.map((x) => ({ user: x.user, latency_ms: x.latency_ms })), comment: comment ?? null } });
      const execution = await runApproved(this, id);
      return { ok: true, id, status: "approved", votes: v.record.votes.length, required: r.required, execution };
    }
    return { ok: false, code: "APPROVAL_NOT_PENDING", message: "the approval kept changing while you answered; look at it again" };
  }

  async deny(id: string, actor: Actor, reason: string): Promise<ActionResult> {
    return this.close(id, actor, "denied", (r) => ({ ...r, reason, denied_by: actor.user }), { reason });
  }

  /** Ask the agent to explain: this request ends (denied, nothing runs); the agent may resubmit with in_reply_to. */
  async explain(id: string, actor: Actor, question: string): Promise<ActionResult> {
    return this.close(id, actor, "explain", (r) => ({ ...r, reason: `an approver asked the agent to explain: ${question}`, denied_by: actor.user, explain: { question, by: actor.user, at: this.rt.now() } }), { question });
  }

  /** An operator (or an emergency stop) cancels a pending request. */
  async cancel(id: string, actor: Actor | { user: string; role: "system"; tenant: null }, reason: string): Promise<ActionResult> {
    return this.close(id, actor, "cancelled", (r) => ({ ...r, outcome: { status: "cancelled", reason, by: actor.user } }), { reason });
  }

  /** Cancel every pending request of a session or agent (emergency stop, session end). Returns the ids. */
  async cancelWhere(match: { session_id?: string; agent?: string; tenant?: string }, by: string, reason: string): Promise<string[]> {
    const out: string[] = [];
    for (const e of await this.rt.store.approvals.listPending(PENDING_SCAN)) {
      if (!isRecord(e)) continue;
      const r = recordOf(e);
      if ((match.session_id && r.session_id !== match.session_id) || (match.agent && r.agent !== match.agent) || (match.tenant && r.tenant !== match.tenant)) continue;
      const res = await this.cancel(e.id, { user: by, role: "system", tenant: null }, reason);
      if (res.ok) out.push(e.id);
    }
    return out;
  }

  private async close(id: string, actor: Actor | { user: string; role: "system"; tenant: null }, kind: "denied" | "explain" | "cancelled", change: (r: ApprovalRecord) => ApprovalRecord, details: Record<string, unknown>): Promise<ActionResult> {
    for (let i = 0; i < CAS_TRIES; i++) {
      const e = await this.pendingEntry(id, actor.role === "system" ? null : actor);
      if (!e.ok) return e;
      const r = recordOf(e.entry);
      if (kind !== "cancelled" && actor.role !== "system") {
        const may = mayDecide(r, actor as Actor, this.cfg);
        if (!may.ok) return may;
      }
      const next = change(r);
      const cas = await this.rt.store.approvals.update(id, e.entry.version, "denied", next as unknown as Json);
      if (!cas.ok) continue;
      const now = this.rt.now();
      this.rt.metrics.approvalsPending.dec();
      const latency = Math.max(0, now - r.created_at);
      const info = { required: true, status: "denied" as const, approver: actor.user, approved_at: null, latency_ms: latency };
      await auditApproval(this.rt, `approval.${kind}`, id, next, { approval: info, details: { by: actor.user, role: actor.role, ...details } });
      const message = kind === "cancelled" ? `cancelled by ${actor.user}: ${String(details["reason"])}` : (next.reason ?? "denied");
      await this.rt.audit.appendOutcome(r.intent_seq, { status: kind === "cancelled" ? "not_run" : "denied", approval: info, error: { code: kind === "cancelled" ? "APPROVAL_CANCELLED" : kind === "explain" ? "APPROVAL_EXPLAIN_REQUESTED" : "APPROVAL_DENIED", message } });
      // A human denial is an incident for progressive autonomy: the class starts over.
      if (kind === "denied") await this.resetDecay(decayKey(decayClass(r.call.tool, r.decision, r.agent)), `denied by ${actor.user}`);
      return { ok: true, id, status: kind === "cancelled" ? "cancelled" : "denied" };
    }
    return { ok: false, code: "APPROVAL_NOT_PENDING", message: "the approval kept changing while you answered; look at it again" };
  }

  /** The entry, if it exists in the actor's tenant and is still pending (an overdue one is expired now). */
  private async pendingEntry(id: string, actor: Actor | null): Promise<{ ok: true; entry: ApprovalEntry } | ActionError> {
    const e = await this.rt.store.approvals.get(id);
    // SECURITY: another tenant's approval is "not found", so ids cannot be probed.
    if (!e || !isRecord(e) || (actor && actor.tenant !== null && actor.tenant !== recordOf(e).tenant)) return { ok: false, code: "NOT_FOUND", message: `no approval ${id}` };
    if (e.status === "pending" && this.rt.now() >= e.deadline) {
      await expireDue(this.rt);
      return { ok: false, code: "APPROVAL_NOT_PENDING", message: `approval ${id} expired at ${new Date(e.deadline).toISOString()}; the call was denied` };
    }
    if (e.status !== "pending") return { ok: false, code: "APPROVAL_NOT_PENDING", message: `approval ${id} is already ${e.status}` };
    return { ok: true, entry: e };
  }

  countClean(r: ApprovalRecord, id: string): Promise<void> {
    return countClean(this, r, id);
  }

  resetDecay(key: string, why: string): Promise<number> {
    return resetDecay(this, key, why);
  }

  reportIncident(agent: string, tool: string | undefined, by: string, reason: string): Promise<{ class: string; was: number }[]> {
    return reportIncident(this, agent, tool, by, reason);
  }

  /** Called by the sweep in pipeline/approvals.ts (expireDue). */
  escalateDue(): Promise<string[]> {
    return escalateDue(this);
  }

  notifyGroups(id: string, r: ApprovalRecord, kind: NotificationKind, groups: string[]): void {
    const args = shownArgs(r);
    for (const group of groups) {
      this.notifier.send({
        kind,
        group,
        approval_id: id,
        summary: summary(r, args),
        context: { approval_id: id, session_id: r.session_id, agent: r.agent, tenant: r.tenant, principal: r.principal, tool: r.call.tool, args, reasoning: r.call.reasoning ?? null, risk: r.decision.risk, rules: r.decision.reasons.filter((x) => x.effect === "approve"), provenance: r.decision.provenance ?? [], required: r.required, groups: r.groups, batch_id: r.batch_id },
        links: links(this.rt, id),
      });
    }
  }

  /** Full context of one request (used by routes and the CLI through them). */
  async view(e: ApprovalEntry) {
    const pending = (await this.rt.store.approvals.listPending(PENDING_SCAN)).filter((x) => isRecord(x) && recordOf(x).batch_id === recordOf(e).batch_id).map((x) => x.id);
    return fullView(this.rt, e, await getOutcome(this.rt, e.id), pending);
  }
}
