// Running an approved call: verify the signed token against the frozen call, consume it once, check the
// session is still active and the control hooks still admit it, then execute and record the outcome.
import { verifyToken, type ExecutionOutcome } from "../../approvals/index.js";
import type { HookContext } from "../hooks.js";
import { executeDecided } from "../pipeline/governed-call.js";
import { loadSession } from "../pipeline/session-repo.js";
import { auditApproval, getOutcome, recordOf, setOutcome, isRecord } from "./records.js";
import type { ApprovalService } from "./service.js";
import { decayClass, decayKey } from "../../approvals/index.js";

export type RunResult = { status: "executed"; http_status: number; error?: { code: string; message: string } } | { status: "refused"; code: string; message: string };

/** Tokens are consumed in the idempotency store: exactly one caller ever claims a live key. */
const CONSUMED_TTL_MS = 30 * 24 * 3_600_000;

/**
 * Run approval `id`. `token` defaults to the one issued at approval; tests pass others to prove that
 * altered, replayed, expired and foreign tokens are refused.
 */
export async function runApproved(svc: ApprovalService, id: string, token?: string): Promise<RunResult> {
  const rt = svc.rt;
  const e = await rt.store.approvals.get(id);
  if (!e || !isRecord(e) || e.status !== "approved") return { status: "refused", code: "APPROVAL_NOT_PENDING", message: `approval ${id} is not approved` };
  const r = recordOf(e);
  const refuse = async (code: string, message: string): Promise<RunResult> => {
    await auditApproval(rt, "approval.token_refused", id, r, { details: { code, message } });
    rt.logger.warn({ event: "approval.token_refused", approval_id: id, code, correlation_id: r.correlation_id }, message);
    // Only the first attempt decides what the agent sees; a refused replay never overwrites an execution.
    if (!(await getOutcome(rt, id))) {
      const o: ExecutionOutcome = { status: "refused", at: rt.now(), http_status: 403, error: { code, message } };
      await setOutcome(rt, id, o);
      await rt.audit.appendOutcome(r.intent_seq, { status: "not_run", approval: { required: true, status: "approved" }, error: { code, message } });
    }
    return { status: "refused", code, message };
  };
  const tok = token ?? r.token;
  if (!tok) return refuse("APPROVAL_TOKEN_INVALID", "no approval token was issued");
  // SECURITY: verified immediately before execution, against the call as stored now.
  const check = verifyToken(svc.tokenKey, tok, { approvalId: id, call: { tool: r.call.tool, args: r.call.args, session: r.session_id, agent: r.agent } }, rt.now());
  if (!check.ok) return refuse(check.code, check.message);
  const claim = await rt.store.idempotency.begin(`approval-token:${check.payload.jti}`, { now: rt.now(), ttlMs: CONSUMED_TTL_MS });
  if (claim.state !== "new") return refuse("APPROVAL_TOKEN_REPLAYED", "this approval token was already used; a token runs its call once");
  await auditApproval(rt, "approval.token_used", id, r, { approval: { required: true, status: "approved", approver: check.payload.by.join(",") }, details: { jti: check.payload.jti, approvers: check.payload.by, expires: new Date(check.payload.exp).toISOString() } });
  const loaded = await loadSession(rt.store.sessions, r.session_id);
  if (!loaded || loaded.session.status !== "active") return refuse("APPROVAL_SESSION_INACTIVE", `the session is ${loaded?.session.status ?? "gone"}, so the approved call did not run`);
  const hc: HookContext = { rt, agent: r.agent, tenant: r.tenant, sessionId: r.session_id, session: loaded.session, loaded, call: r.call, callId: r.call_id, correlationId: r.correlation_id };
  // A kill switch or breaker that tripped while the call waited still stops it.
  for (const h of rt.hooks) {
    const refusal = await h.admit?.(hc);
    if (refusal) {
      const err = refusal.body["error"] as { code?: string; message?: string } | undefined;
      return refuse(err?.code ?? "REFUSED", err?.message ?? "refused by a control hook");
    }
  }
  const res = await executeDecided(hc, r.decision, r.intent_seq);
  const err = res.body["error"] as { code: string; message: string } | undefined;
  await setOutcome(rt, id, { status: "executed", at: rt.now(), http_status: res.status, result: res.body["result"] ?? null, ...(err ? { error: { code: err.code, message: err.message } } : {}) });
  await rt.store.idempotency.complete(`approval-token:${check.payload.jti}`, { approval_id: id, http_status: res.status });
  if (res.status === 200) await svc.countClean(r, id);
  else await svc.resetDecay(decayKey(decayClass(r.call.tool, r.decision, r.agent)), `approved call failed (${err?.code ?? res.status})`);
  return { status: "executed", http_status: res.status, ...(err ? { error: { code: err.code, message: err.message } } : {}) };
}
