// The state of one approval request, stored as the opaque value of an ApprovalStore entry. The store owns
// the status (pending → approved | denied | expired, CAS on version); this value owns everything else.
import type { Call, Decision } from "../core/index.js";

export interface Vote {
  user: string;
  role: string;
  /** Epoch ms. */
  at: number;
  /** How long the request waited for this person (ms since it was created). */
  latency_ms: number;
  comment?: string;
}

export interface ApprovalRecord {
  kind: "tool_call";
  session_id: string;
  agent: string;
  tenant: string | null;
  principal: string | null;
  intent_seq: number;
  correlation_id: string;
  call_id: string;
  created_at: number;
  /** INVARIANT: the frozen call: what people approve is exactly what runs (the token binds its hash). */
  call: Call;
  decision: Decision;
  /** Distinct approvers needed, and the groups they may come from. */
  required: number;
  groups: string[];
  votes: Vote[];
  /** Requests of one session for one tool within the batching window share a batch id. */
  batch_id: string;
  /** The approval this request answers (the agent was asked to explain). */
  in_reply_to: string | null;
  escalated_at: number | null;
  /** Set when the last required vote arrives; verified and consumed before the call runs. */
  token?: string;
  /** A denial's reason, returned to the agent. */
  reason?: string;
  denied_by?: string;
  /** An approver asked the agent to explain (the request ends, denied; the agent may resubmit). */
  explain?: { question: string; by: string; at: number };
  /** Cancelled by an operator or an emergency stop (stored status denied). */
  outcome?: { status: "cancelled"; reason: string; by: string };
}

/** What happened once an approved call was run (kept beside the entry: approved entries are final). */
export interface ExecutionOutcome {
  status: "executed" | "refused";
  at: number;
  http_status: number;
  result?: unknown;
  error?: { code: string; message: string };
}

/** A person acting on an approval. */
export interface Actor {
  user: string;
  role: "admin" | "operator" | "approver" | "auditor";
  tenant: string | null;
}
