import type { HistoryEntry, ProvenanceSource, SessionCounters } from "../types.js";

/** Where a piece of text the session has seen came from. */
export interface SeenSource {
  kind: Exclude<ProvenanceSource, "none">;
  /** 0 for the principal's request; otherwise the step of the call whose output it was. */
  step: number;
  tool?: string;
}

/**
 * What the session has seen, indexed as it is observed: token → ids of the sources containing it.
 * INVARIANT: append-only; a source's id is its index in `sources`.
 */
export interface SeenIndex {
  sources: SeenSource[];
  tokens: Record<string, number[]>;
}

/** A session is a plain JSON value; every transition returns a new one. Schema: docs/schemas/session.schema.json. */
export interface Session {
  id: string;
  agent: string;
  task: string;
  principal: string | null;
  tenant?: string;
  /** The principal's own request: trusted input for provenance. */
  request?: string;
  context?: Record<string, unknown>;
  status: "active" | "paused" | "halted" | "ended";
  /** Epoch milliseconds. */
  started_at: number;
  labels: string[];
  counters: SessionCounters;
  history: HistoryEntry[];
  /** Limits set when the session started; they only tighten the policy's session budget. */
  budgets?: { tool_calls?: number; cost_usd?: number; tokens?: number; wall_time_ms?: number; meters?: Record<string, number> };
  /** Values established by trusted tool outputs (see `facts` on tools); `session.facts` in CEL. */
  facts: Record<string, unknown>;
  seen: SeenIndex;
}

/**
 * One append-only unit of a stored session: a call's history entry and, when its output was indexed, the
 * source and the distinct tokens it added to the seen-index (the principal's request is a source alone).
 */
export interface SessionItem {
  step?: HistoryEntry;
  source?: SeenSource;
  tokens?: string[];
}

/** A session without its append-only parts (`history`, `seen`): what a write rewrites. */
export type SessionHead = Omit<Session, "history" | "seen">;

/** What happened to a call, as the caller reports it to observe(). */
export interface Outcome {
  /** Whether the tool actually ran. Denied or still-pending calls did not. */
  executed: boolean;
  verdict: "allow" | "deny" | "approve";
  rule_ids?: string[];
  output?: unknown;
  /** Epoch milliseconds when the call was made. */
  at: number;
  /** Extra labels from scanners (e.g. `injection`). */
  labels?: string[];
  /** A scanner flagged the output: its values count as untrusted for provenance. */
  flagged_untrusted?: boolean;
  /** Measured consumption to add to counters (defaults to the decision's). */
  consumed?: { cost_usd?: number; tokens?: number; meters?: Record<string, number> };
}
