// The compiled, immutable form of a policy. Built once by compile(); decide() only reads it.
import type { ValidateFunction } from "ajv";
import type { CelProgram } from "../cel/index.js";
import type { ApprovalRequirement, Obligations, Risk, Verdict } from "../types.js";
import type { PolicyDocument, ToolSpec } from "./document.js";
import type { Rate } from "./duration.js";
import type { GuardSet } from "../guard/index.js";

export interface CompiledTool {
  name: string;
  spec: ToolSpec;
  /** The spec as CEL sees it (`spec.tier`, `spec.labels`, ...), built once. */
  celSpec: Record<string, unknown>;
  /** The same view as plain values, for the CEL fast path. */
  plainSpec: Record<string, unknown>;
  validateArgs: ValidateFunction | undefined;
  validateOutput: ValidateFunction | undefined;
  timeout_ms: number | undefined;
  /** Rules whose condition can only match this tool, in policy order. */
  rules: CompiledRule[];
  meters: CompiledMeter[];
  facts: CompiledFact[];
  /** Variables any condition that can apply to this tool reads (its rules, global rules, flows, meters). */
  reads: Set<string>;
}

export interface CompiledFact {
  name: string;
  key: CelProgram | undefined;
  value: CelProgram;
}

export interface CompiledEffect {
  verdict: Verdict;
  message: string;
  approval: ApprovalRequirement | undefined;
  obligations: Obligations;
}

export interface CompiledRule {
  id: string;
  /** Position in the policy: reasons are sorted by it. */
  index: number;
  description: string | undefined;
  when: CelProgram;
  risk: Risk | undefined;
  effect: CompiledEffect;
}

export interface CompiledFlow {
  id: string;
  index: number;
  labels: string[];
  sinks: "external" | "internal" | "any";
  tools: ReadonlySet<string> | undefined;
  unless: CelProgram | undefined;
  effect: CompiledEffect;
}

export interface CompiledSequence {
  id: string;
  index: number;
  steps: string[];
  within_ms: number | undefined;
  effect: CompiledEffect;
}

export interface CompiledMeter {
  name: string;
  value: CelProgram;
}

export interface CompiledLimits {
  tool_calls?: number;
  cost_usd?: number;
  tokens?: number;
  wall_time_ms?: number;
  meters: Record<string, number>;
}

export interface CompiledAgent {
  id: string;
  tenant: string;
  roles: string[];
  zone: string | undefined;
  /** Union of the tools its roles allow. */
  tools: ReadonlySet<string>;
  celAgent: Record<string, unknown>;
  plainAgent: Record<string, unknown>;
}

export interface PolicySet {
  /** Content hash of the source (set by the loader), recorded with every decision. */
  version: string;
  source: string;
  document: PolicyDocument;
  tools: ReadonlyMap<string, CompiledTool>;
  tasks: ReadonlyMap<string, ReadonlySet<string>>;
  agents: ReadonlyMap<string, CompiledAgent>;
  /** Rules not bound to particular tools: evaluated for every call. */
  globalRules: readonly CompiledRule[];
  rules: readonly CompiledRule[];
  flows: readonly CompiledFlow[];
  sequences: readonly CompiledSequence[];
  budgets: { session?: CompiledLimits; agent?: CompiledLimits; tenant?: CompiledLimits };
  rateLimits: ReadonlyMap<string, Rate & { per: "session" | "agent" | "tenant" }>;
  defaultApproval: { group: string; timeout_ms: number };
  /** Scanners per checkpoint (the policy's `guard:` section, or the default set). */
  guard: GuardSet;
}
