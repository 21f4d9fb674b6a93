// What the gateway hands the audit log, and how it becomes a draft record.
import type { Call, Decision, Risk, Verdict } from "../core/types.js";
import type { ApprovalInfo, AuditDraft, RecordKind, RetentionCategory } from "../core/audit/index.js";

/** Ids that tie a record to the rest of the system. */
export interface AuditContext {
  session_id: string;
  tenant?: string | null;
  policy_hash?: string | null;
  correlation_id?: string | null;
  trace_id?: string | null;
}

/** Written BEFORE the tool runs (write-ahead). */
export interface IntentInput extends AuditContext {
  call: Call;
  decision: Decision;
  /** "sha256:…" of the agent's context window, when the ingress computes it. */
  context_hash?: string | null;
  approval?: ApprovalInfo | null;
}

/** Written AFTER the tool ran (or did not). */
export interface OutcomeInput {
  status: "ok" | "error" | "timeout" | "not_run" | "denied";
  output?: unknown;
  error?: { code?: string; message: string } | null;
  approval?: ApprovalInfo | null;
  duration_ms?: number | null;
}

/** Any other event: approval decisions, control actions (kill switch), context snapshots. */
export interface EventInput {
  kind: Exclude<RecordKind, "intent" | "outcome" | "purge">;
  action: string;
  session_id?: string | null;
  agent_id?: string | null;
  tenant?: string | null;
  tool_name?: string | null;
  verdict?: Verdict | null;
  risk_tier?: Risk | null;
  rule_ids?: string[];
  policy_hash?: string | null;
  correlation_id?: string | null;
  trace_id?: string | null;
  principal?: string | null;
  approval?: ApprovalInfo | null;
  context_hash?: string | null;
  tool_input?: unknown;
  llm_reasoning?: string | null;
  details?: unknown;
  /** Override the retention category (default follows the kind and risk). */
  category?: RetentionCategory;
}

export function categoryFor(kind: RecordKind, risk: Risk | null | undefined): RetentionCategory {
  if (kind === "approval") return "approval";
  if (kind === "control" || kind === "purge") return "control";
  if (kind === "context") return "context";
  return risk === "high" || risk === "critical" ? "high_risk" : "tool_call";
}

export function intentDraft(i: IntentInput): AuditDraft {
  const d = i.decision;
  return {
    kind: "intent",
    category: categoryFor("intent", d.risk),
    action: "tool_call",
    tenant: i.tenant ?? null,
    session_id: i.session_id,
    agent_id: i.call.agent,
    tool_name: i.call.tool,
    verdict: d.verdict,
    risk_tier: d.risk,
    rule_ids: d.rule_ids.slice(),
    policy_hash: i.policy_hash ?? null,
    correlation_id: i.correlation_id ?? null,
    trace_id: i.trace_id ?? null,
    intent_seq: null,
    status: null,
    principal: i.call.principal,
    tool_input: i.call.args ?? null,
    tool_output: null,
    llm_reasoning: i.call.reasoning ?? null,
    approval: i.approval ?? (d.approval ? { required: true, status: "pending" } : { required: false, status: "not_required" }),
    context_hash: i.context_hash ?? null,
    details: { task: i.call.task, reasons: d.reasons, obligations: d.obligations, approval_requirement: d.approval ?? null, consumes: d.consumes, context: i.call.context ?? null },
  };
}

/** The header fields an outcome copies from its intent, so each record is self-describing. */
export type IntentSummary = Pick<
  AuditDraft,
  "category" | "tenant" | "session_id" | "agent_id" | "tool_name" | "verdict" | "risk_tier" | "rule_ids" | "policy_hash" | "correlation_id" | "trace_id"
> & { principal: string | null };

export function outcomeDraft(intentSeq: number, intent: IntentSummary, o: OutcomeInput): AuditDraft {
  return {
    ...intent,
    kind: "outcome",
    action: "tool_result",
    intent_seq: intentSeq,
    status: o.status,
    tool_input: null,
    tool_output: o.output ?? null,
    llm_reasoning: null,
    approval: o.approval ?? null,
    context_hash: null,
    details: { error: o.error ?? null, duration_ms: o.duration_ms ?? null },
  };
}

export function eventDraft(e: EventInput): AuditDraft {
  return {
    kind: e.kind,
    category: e.category ?? categoryFor(e.kind, e.risk_tier),
    action: e.action,
    tenant: e.tenant ?? null,
    session_id: e.session_id ?? null,
    agent_id: e.agent_id ?? null,
    tool_name: e.tool_name ?? null,
    verdict: e.verdict ?? null,
    risk_tier: e.risk_tier ?? null,
    rule_ids: e.rule_ids ?? [],
    policy_hash: e.policy_hash ?? null,
    correlation_id: e.correlation_id ?? null,
    trace_id: e.trace_id ?? null,
    intent_seq: null,
    status: null,
    principal: e.principal ?? null,
    tool_input: e.tool_input ?? null,
    tool_output: null,
    llm_reasoning: e.llm_reasoning ?? null,
    approval: e.approval ?? null,
    context_hash: e.context_hash ?? null,
    details: e.details ?? null,
  };
}
