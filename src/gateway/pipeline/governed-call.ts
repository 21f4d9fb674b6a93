// The governed call: admit → decide → review → audit intent (write-ahead) → approve or execute → inspect →
// audit outcome → observe into the session → answer. Fail closed at every step: if the intent cannot be
// recorded, nothing runs.
import type { Span } from "@opentelemetry/api";
import { decide, observeStep, type Call, type Decision } from "../../core/index.js";
import type { Json } from "../../ports/index.js";
import type { HookContext, Reservation } from "../hooks.js";
import type { Runtime } from "../runtime.js";
import { newId } from "../runtime.js";
import { inSpan } from "../observability/index.js";
import { redactPointers } from "./redact.js";
import { decisionSummary, denied, type CallResponse } from "./respond.js";
import { appendStep, loadSession, type LoadedSession } from "./session-repo.js";
import { inspectOutput, reviewArguments } from "./inspect.js";

export interface CallInput {
  tool: string;
  args?: unknown;
  reasoning?: string;
  idempotency_key?: string;
  in_reply_to?: string;
}

const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;

const errorResponse = (status: CallResponse["status"], code: string, message: string, correlationId: string, headers?: Record<string, string>): CallResponse => ({
  status,
  body: { error: { code, message, correlation_id: correlationId } },
  ...(headers ? { headers } : {}),
});

export async function governedCall(rt: Runtime, agent: string, sessionId: string, input: CallInput, correlationId: string): Promise<CallResponse> {
  const loaded = await loadSession(rt.store.sessions, sessionId);
  // SECURITY: another agent's session is "not found", so ids cannot be probed.
  if (!loaded || loaded.session.agent !== agent) return errorResponse(404, "NOT_FOUND", `no session ${sessionId} for this agent`, correlationId);
  const key = input.idempotency_key ? `${agent}:${sessionId}:${input.idempotency_key}` : undefined;
  if (key) {
    const claim = await rt.store.idempotency.begin(key, { now: rt.now(), ttlMs: IDEMPOTENCY_TTL_MS });
    if (claim.state === "done") return { ...(claim.result as unknown as CallResponse), headers: { "idempotent-replay": "true" } };
    if (claim.state === "pending") return errorResponse(409, "SESSION_CONFLICT", "a call with this idempotency key is still running; wait for it and retry", correlationId);
  }
  const slot = rt.limiter.acquire(agent);
  if (!slot.ok) {
    if (key) await rt.store.idempotency.abandon(key);
    rt.metrics.shed.inc({ reason: slot.reason });
    return slot.reason === "agent"
      ? errorResponse(429, "OVERLOADED", "too many calls in flight for this agent; retry after a second", correlationId, { "retry-after": "1" })
      : errorResponse(503, "OVERLOADED", "the gateway is at capacity; retry after a second", correlationId, { "retry-after": "1" });
  }
  rt.metrics.inFlight.inc();
  const s = loaded.session;
  const call: Call = { agent, task: s.task, principal: s.principal, tool: input.tool, args: input.args ?? {}, ...(input.reasoning !== undefined ? { reasoning: input.reasoning } : {}), ...(s.context ? { context: s.context } : {}) };
  const hc: HookContext = { rt, agent, tenant: s.tenant ?? null, sessionId, session: s, loaded, call, callId: newId("call"), correlationId, inReplyTo: input.in_reply_to ?? null };
  try {
    const res = await inSpan(rt.tracing, "warden.tool_call", async (span) => {
      try {
        // Tracing is off by default: a non-recording span would drop the attributes, so do not build them.
        if (span.isRecording()) span.setAttributes({ "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": call.tool, "warden.session.id": sessionId, "warden.agent": agent });
        return await run(hc, input.idempotency_key, span);
      } finally {
        span.end();
      }
    });
    if (key) {
      // Only a decided, recorded answer is remembered; a refusal for load or a crash lets a retry run.
      if (res.status === 503 || res.status === 500 || res.status === 429) await rt.store.idempotency.abandon(key);
      else await rt.store.idempotency.complete(key, res as unknown as Json);
    }
    return res;
  } catch (e) {
    if (key) await rt.store.idempotency.abandon(key).catch(() => undefined);
    throw e;
  } finally {
    slot.release();
    rt.metrics.inFlight.dec();
  }
}

async function run(hc: HookContext, idempotencyKey: string | undefined, span: Span): Promise<CallResponse> {
  const { rt, call } = hc;
  for (const h of rt.hooks) {
    const refusal = await h.admit?.(hc);
    if (refusal) return refusal;
  }
  const policy = rt.policies.policy;
  const now = rt.now();
  let decision = inSpan(rt.tracing, "warden.decide", (ds) => {
    const t0 = process.hrtime.bigint();
    const d = decide(policy, call, hc.session, now);
    rt.metrics.decisionSeconds.observe(Number(process.hrtime.bigint() - t0) / 1e9);
    if (ds.isRecording()) ds.setAttributes({ "warden.verdict": d.verdict, "warden.rule_ids": d.rule_ids.join(",") });
    ds.end();
    return d;
  });
  for (const h of rt.hooks) if (h.review) decision = await h.review(hc, decision);
  decision = reviewArguments(policy, call.args, decision, rt.metrics);
  rt.metrics.decisions.inc({ verdict: decision.verdict, tool: policy.tools.has(call.tool) ? call.tool : "(undeclared)" });
  if (span.isRecording()) span.setAttributes({ "warden.verdict": decision.verdict, "warden.rule_ids": decision.rule_ids.join(",") });
  // Write-ahead. INVARIANT: no tool runs unless its intent is durable.
  let intent;
  try {
    intent = await rt.audit.appendIntent({ session_id: hc.sessionId, tenant: hc.tenant, policy_hash: policy.version, correlation_id: hc.correlationId, trace_id: span.spanContext().traceId, call, decision });
  } catch (e) {
    rt.logger.error({ event: "audit.write_failed", err: String(e), correlation_id: hc.correlationId }, "audit intent could not be written; refusing the call");
    return errorResponse(503, "AUDIT_WRITE_FAILED", "the audit log could not record this call, so it did not run; retry shortly", hc.correlationId);
  }
  rt.logger.info({ event: "tool.decide", session_id: hc.sessionId, agent: hc.agent, tool: call.tool, verdict: decision.verdict, rule_ids: decision.rule_ids, correlation_id: hc.correlationId, call_id: hc.callId, seq: intent.seq }, "decided");
  if (decision.verdict === "deny") {
    for (const id of decision.rule_ids) rt.metrics.blocks.inc({ rule: id });
    await rt.audit.appendOutcome(intent.seq, { status: "denied" });
    await recordAttempt(hc, decision, now);
    return denied(decision, { call_id: hc.callId, correlation_id: hc.correlationId });
  }
  if (decision.verdict === "approve") {
    await recordAttempt(hc, decision, rt.now());
    if (rt.approvals) return rt.approvals.hold(hc, decision, intent.seq);
    // INVARIANT: startGateway always installs the approvals layer; without it nobody could approve, so refuse.
    await rt.audit.appendOutcome(intent.seq, { status: "not_run", error: { code: "INTERNAL", message: "no approvals layer" } });
    return errorResponse(503, "INTERNAL", "this call needs a human approval, but the gateway has no approvals layer; it did not run", hc.correlationId);
  }
  return executeDecided(hc, decision, intent.seq, idempotencyKey);
}

async function recordAttempt(hc: HookContext, d: Decision, at: number): Promise<void> {
  const policy = hc.rt.policies.policy;
  await appendStep(hc.rt.store.sessions, hc.sessionId, (s) => observeStep(policy, s, hc.call, { executed: false, verdict: d.verdict, rule_ids: d.rule_ids, at }), 8, firstCopy(hc));
}

/**
 * Run a decided call (allowed, or approved by people) and record its outcome. Exported for the approvals
 * layer, which runs frozen calls itself once they are approved.
 */
export async function executeDecided(hc: HookContext, decision: Decision, intentSeq: number, idempotencyKey?: string): Promise<CallResponse> {
  const { rt, call } = hc;
  const policy = rt.policies.policy;
  const tool = policy.tools.get(call.tool);
  const ids = { call_id: hc.callId, correlation_id: hc.correlationId };
  let reservation: Reservation | undefined;
  for (const h of rt.hooks) {
    if (!h.reserve) continue;
    const r = await h.reserve(hc, decision);
    if (!r.ok) {
      await reservation?.release();
      await rt.audit.appendOutcome(intentSeq, { status: "not_run", error: { code: String((r.response.body["error"] as { code?: string } | undefined)?.code ?? "REFUSED"), message: "refused before execution" } });
      return r.response;
    }
    reservation = chain(reservation, r.reservation);
  }
  const signals = rt.hooks.map((h) => h.signal?.(hc)).filter((x): x is AbortSignal => x !== undefined);
  const t0 = rt.now();
  const res = await inSpan(rt.tracing, "warden.execute_tool", async (es) => {
    if (es.isRecording()) es.setAttributes({ "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": call.tool });
    const r = await rt.executor.execute(
      {
        tool: call.tool,
        args: call.args,
        callId: hc.callId,
        ...(decision.obligations.timeout_ms !== undefined ? { timeout_ms: decision.obligations.timeout_ms } : {}),
        ...(decision.obligations.egress ? { egress: decision.obligations.egress } : {}),
        idempotent: tool?.spec.idempotent === true,
        ...(idempotencyKey ? { idempotencyKey: `${hc.sessionId}:${idempotencyKey}` } : {}),
      },
      signals.length === 0 ? undefined : signals.length === 1 ? signals[0] : AbortSignal.any(signals),
    );
    if (!r.ok) es.setAttribute("error.type", r.code);
    es.end();
    return r;
  });
  for (const h of rt.hooks) await h.after?.(hc, decision, res);
  if (!res.ok) {
    await reservation?.release();
    rt.metrics.toolErrors.inc({ tool: call.tool, code: res.code });
    if (res.code === "UPSTREAM_TIMEOUT") rt.metrics.toolTimeouts.inc({ tool: call.tool });
    rt.metrics.toolSeconds.observe({ tool: call.tool, outcome: "error" }, res.duration_ms / 1000);
    await rt.audit.appendOutcome(intentSeq, { status: res.code === "UPSTREAM_TIMEOUT" ? "timeout" : "error", error: { code: res.code, message: res.message }, duration_ms: res.duration_ms });
    rt.logger.warn({ event: "tool.execute", tool: call.tool, ok: false, code: res.code, correlation_id: hc.correlationId, call_id: hc.callId }, "tool failed");
    return { status: 502, body: { ...decisionSummary(decision), error: { code: res.code, message: res.message, correlation_id: hc.correlationId }, ...ids } };
  }
  await reservation?.settle({ cost_usd: decision.consumes.cost_usd, meters: decision.consumes.meters });
  rt.metrics.toolSeconds.observe({ tool: call.tool, outcome: "ok" }, res.duration_ms / 1000);
  if (res.masked) rt.metrics.redactions.inc({ source: "credential" }, res.masked);
  if (tool?.validateOutput && !tool.validateOutput(res.output)) {
    const why = (tool.validateOutput.errors ?? []).slice(0, 3).map((e) => `${e.instancePath || "output"} ${e.message}`).join("; ");
    await rt.audit.appendOutcome(intentSeq, { status: "error", error: { code: "OUTPUT_SCHEMA_MISMATCH", message: why }, duration_ms: res.duration_ms });
    return { status: 502, body: { ...decisionSummary(decision), error: { code: "OUTPUT_SCHEMA_MISMATCH", message: `the tool's output does not match its declared schema (${why}); it was withheld`, correlation_id: hc.correlationId }, ...ids } };
  }
  const red = redactPointers(res.output, decision.obligations.redact ?? []);
  if (red.count) rt.metrics.redactions.inc({ source: "obligation" }, red.count);
  const seen = inspectOutput(policy, red.value, rt.metrics);
  const outcome = { executed: true, verdict: decision.verdict, rule_ids: decision.rule_ids, at: t0, labels: seen.labels, flagged_untrusted: seen.flagged_untrusted } as const;
  if (seen.blocked_by.length) {
    // The tool ran, but its output does not reach the agent; the session still learns what it carried.
    await observeThenRecord(
      () => appendStep(rt.store.sessions, hc.sessionId, (s) => observeStep(policy, s, call, outcome, decision.consumes), 8, firstCopy(hc)),
      () => rt.audit.appendOutcome(intentSeq, { status: "error", error: { code: "GUARD_BLOCKED", message: `output withheld by ${seen.blocked_by.join(", ")}: ${seen.findings.map((f) => f.type).join(", ")}` }, duration_ms: res.duration_ms }),
    );
    return { status: 502, body: { ...decisionSummary(decision), error: { code: "GUARD_BLOCKED", message: "the tool's output was withheld by the guardrails", findings: seen.findings, correlation_id: hc.correlationId }, ...ids } };
  }
  await observeThenRecord(
    () => appendStep(rt.store.sessions, hc.sessionId, (s) => observeStep(policy, s, call, { ...outcome, output: seen.output }, decision.consumes), 8, firstCopy(hc)),
    () => rt.audit.appendOutcome(intentSeq, { status: "ok", output: seen.output, duration_ms: res.duration_ms }),
  );
  rt.logger.info({ event: "tool.execute", tool: call.tool, ok: true, duration_ms: res.duration_ms, attempts: res.attempts, findings: seen.findings, correlation_id: hc.correlationId, call_id: hc.callId }, "tool ran");
  return { status: 200, body: { ...decisionSummary(decision), result: seen.output, ...(seen.findings.length ? { findings: seen.findings } : {}), ...ids } };
}

/**
 * Write what the session learned from an executed call, then append the call's outcome.
 * INVARIANT: the session write (synchronous=NORMAL connection) lands in the WAL before the outcome is
 * appended, so the outcome's fsync makes the session's new labels and counters durable too, before the
 * agent sees the output.
 * SECURITY: a session that lost its `untrusted`/`sensitive` labels to a power loss would let a flow rule
 * pass after restart; with this order, an answered call's labels survive whenever its outcome does. If
 * the session write fails, the outcome is still recorded and the error propagates: the output is withheld.
 */
async function observeThenRecord(writeSession: () => Promise<unknown>, recordOutcome: () => Promise<unknown>): Promise<void> {
  try {
    await writeSession();
  } finally {
    await recordOutcome();
  }
}

/**
 * The session as loaded at the start of the call, for its one write. Used once: observe extends it in
 * place, so a second write (an approval running later) must read the store again.
 */
function firstCopy(hc: HookContext): LoadedSession | undefined {
  const first = hc.loaded;
  hc.loaded = undefined;
  return first;
}

function chain(a: Reservation | undefined, b: Reservation): Reservation {
  if (!a) return b;
  return { settle: async (x) => void (await Promise.all([a.settle(x), b.settle(x)])), release: async () => void (await Promise.all([a.release(), b.release()])) };
}
