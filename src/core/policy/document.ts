// TypeScript shape of a policy document after schema validation (see ./schema.ts, the source of truth).
import type { Risk, Tier } from "../types.js";

export interface ToolSpec {
  tier: Tier;
  description?: string;
  bulk?: boolean;
  reads?: string[];
  writes?: string[];
  effect?: string;
  labels?: string[];
  sink?: "external" | "internal";
  egress?: string[];
  args?: Record<string, unknown> | boolean;
  output?: Record<string, unknown> | boolean;
  timeout?: string;
  idempotent?: boolean;
  cost_usd?: number;
  /** Facts recorded into the session when the call runs: CEL over `args` and `output`. */
  facts?: Record<string, { key?: string; value: string; description?: string }>;
}

export interface ApproveSpec {
  approvers?: number;
  group?: string;
  groups?: string[];
  timeout?: string;
}

export interface ObligationSpec {
  redact?: string[];
  sandbox?: boolean;
  timeout?: string;
  egress?: string[];
}

export type ThenSpec =
  | "allow"
  | "deny"
  | "approve"
  | ({ allow?: true; deny?: string; approve?: true | ApproveSpec } & ObligationSpec);

export interface RuleSpec {
  id: string;
  description?: string;
  tools?: string[];
  when: string;
  risk?: Risk;
  then: ThenSpec;
}

export type FlowThen = "deny" | "approve" | { deny?: string; approve?: true | ApproveSpec };

export interface FlowSpec {
  id: string;
  description?: string;
  when_session_has: string[];
  sinks?: "external" | "internal" | "any";
  tools?: string[];
  unless?: string;
  then: FlowThen;
}

export interface SequenceSpec {
  id: string;
  description?: string;
  steps: string[];
  within?: string;
  then: FlowThen;
}

export interface LimitsSpec {
  tool_calls?: number;
  cost_usd?: number;
  tokens?: number;
  wall_time?: string;
  meters?: Record<string, number>;
}

export interface PolicyDocument {
  version: 1;
  description?: string;
  tools: Record<string, ToolSpec>;
  tasks?: Record<string, string[]>;
  roles?: Record<string, { description?: string; tools: string[] }>;
  agents?: Record<string, { description?: string; tenant: string; roles: string[]; zone?: string }>;
  approvals?: { group?: string; timeout?: string };
  rules?: RuleSpec[];
  flows?: FlowSpec[];
  sequences?: SequenceSpec[];
  meters?: Record<string, { tools?: string[]; value: string; description?: string }>;
  budgets?: { session?: LimitsSpec; agent?: LimitsSpec; tenant?: LimitsSpec };
  rate_limits?: Record<string, string | { limit: string; per?: "session" | "agent" | "tenant" }>;
  guard?: Record<string, unknown>;
  breakers?: BreakersSpec;
}

/** Circuit breaker thresholds (seed 002 §4); `false` turns one off, an absent one uses the default. */
export interface BreakersSpec {
  rate_spike?: false | { factor?: number; window?: string; min_rate?: number; alpha?: number };
  consecutive_failures?: false | { max?: number };
  unusual_tool?: false | { learn_sessions?: number };
  data_volume?: false | { factor?: number; min_bytes?: number; alpha?: number };
  pending_approvals?: false | { max?: number };
  tools?: false | { failures?: number; cooldown?: string };
  confidence_markers?: false | string[];
}
