// Build a session from a described history: each step is observed as the gateway would have observed it.
import type { PolicySet } from "../policy/index.js";
import { createSession } from "./session.js";
import { observe } from "./session.js";
import type { Session } from "./types.js";

export interface StepSpec {
  tool: string;
  args?: unknown;
  output?: unknown;
  /** Epoch milliseconds. */
  at: number;
  /** Default true: the step ran. */
  executed?: boolean;
  labels?: string[];
}

export interface SessionSpec {
  id?: string;
  agent: string;
  task: string;
  principal?: string | null;
  tenant?: string;
  request?: string;
  labels?: string[];
  started_at: number;
  steps?: StepSpec[];
}

export function sessionFromSteps(policy: PolicySet, spec: SessionSpec): Session {
  let s = createSession(
    { id: spec.id ?? "test", agent: spec.agent, task: spec.task, principal: spec.principal ?? null, ...(spec.tenant ? { tenant: spec.tenant } : {}), ...(spec.request ? { request: spec.request } : {}) },
    spec.started_at,
  );
  if (spec.labels?.length) s = { ...s, labels: [...new Set([...s.labels, ...spec.labels])].sort() };
  for (const step of spec.steps ?? []) {
    const call = { agent: spec.agent, task: spec.task, principal: spec.principal ?? null, tool: step.tool, args: step.args ?? {} };
    const executed = step.executed ?? true;
    s = observe(policy, s, call, { executed, verdict: executed ? "allow" : "deny", at: step.at, output: step.output, ...(step.labels ? { labels: step.labels } : {}) });
  }
  return s;
}
