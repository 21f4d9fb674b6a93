// Shapes shared by every layer. JSON Schemas for them live in ./schemas and docs/schemas.

export type Verdict = "allow" | "deny" | "approve";
export type Risk = "low" | "medium" | "high" | "critical";
export type Tier = "read_only" | "write_limited" | "write_broad" | "code_exec" | "destructive";

/** Where an argument value was first seen, most trusted first. */
export type ProvenanceSource = "request" | "trusted" | "untrusted" | "none";

/** One tool call an agent asks Warden to make. */
export interface Call {
  agent: string;
  task: string;
  /** The human the agent acts for (user id), or null when it acts on its own. */
  principal: string | null;
  tool: string;
  args: unknown;
  reasoning?: string;
  /** Free-form facts the ingress adds (ip, channel, ticket); visible to CEL as `context`. */
  context?: Record<string, unknown>;
}

export interface Obligations {
  /** JSON Pointers into the tool output (or args) to mask before anyone sees them. */
  redact?: string[];
  sandbox?: boolean;
  timeout_ms?: number;
  egress?: string[];
}

export interface ApprovalRequirement {
  /** Distinct human approvers needed. */
  approvers: number;
  groups: string[];
  timeout_ms: number;
}

export interface Reason {
  rule_id: string;
  effect: Verdict;
  message: string;
}

/** What a call would consume if it ran; the control layer reserves it atomically. */
export interface Consumption {
  tool_calls: number;
  cost_usd: number;
  meters: Record<string, number>;
}

export interface ProvenanceEntry {
  pointer: string;
  source: ProvenanceSource;
  /** Human-readable origin, e.g. "first seen in the output of read_file, step 1". */
  detail: string;
  step?: number;
  tool?: string;
}

export interface Decision {
  verdict: Verdict;
  /** Ids of the rules that decided: every rule whose effect equals the verdict. */
  rule_ids: string[];
  /** Every matching rule (and built-in check), deciding ones first. */
  reasons: Reason[];
  obligations: Obligations;
  risk: Risk;
  approval?: ApprovalRequirement;
  consumes: Consumption;
  provenance?: ProvenanceEntry[];
}

export interface SessionCounters {
  tool_calls: number;
  cost_usd: number;
  tokens: number;
  meters: Record<string, number>;
}

export interface HistoryEntry {
  step: number;
  tool: string;
  verdict: Verdict;
  /** Whether the call ran (an allowed or approved call that executed). */
  executed: boolean;
  /** Epoch milliseconds of the call, from the caller's clock or the trace. */
  at: number;
  rule_ids: string[];
}
