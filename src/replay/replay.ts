// Replay recorded sessions through decide/observe against a policy, offline and deterministically.
import { createSession, decide, inspectToolOutput, observe, type PolicySet, type ProvenanceSource, type Verdict } from "../core/index.js";
import { DEFAULT_NOW, parseTime } from "../policy-test/index.js";
import type { Trace } from "./trace.js";

export interface ReplayOptions {
  /** Treat `approve` verdicts as approved: the step runs and is observed. */
  assumeApproved?: boolean;
}

export interface ReplayStep {
  i: number;
  tool: string;
  verdict: Verdict;
  rule_ids: string[];
  /** Session labels after this step. */
  labels: string[];
  provenance: Record<string, ProvenanceSource>;
  expect?: Verdict;
  pass?: boolean;
  was?: { verdict: Verdict; rule_ids: string[] };
}

export interface ReplayResult {
  id: string;
  steps: ReplayStep[];
}

export function replayTrace(policy: PolicySet, trace: Trace, opts: ReplayOptions = {}): ReplayResult {
  const start = parseTime(trace.steps[0]?.at, DEFAULT_NOW);
  let session = createSession(
    {
      id: trace.id,
      agent: trace.agent,
      task: trace.task,
      principal: trace.principal ?? null,
      ...(trace.tenant !== undefined ? { tenant: trace.tenant } : {}),
      ...(trace.request !== undefined ? { request: trace.request } : {}),
      ...(trace.context !== undefined ? { context: trace.context } : {}),
    },
    start,
  );
  const steps: ReplayStep[] = [];
  trace.steps.forEach((st, i) => {
    // Without recorded times, steps are one second apart: deterministic, and windows still mean something.
    const at = parseTime(st.at, start + i * 1000);
    const call = { agent: trace.agent, task: trace.task, principal: trace.principal ?? null, tool: st.tool, args: st.args ?? {}, ...(trace.context ? { context: trace.context } : {}) };
    const d = decide(policy, call, session, at);
    const runs = d.verdict === "allow" || (d.verdict === "approve" && opts.assumeApproved === true);
    // Denied (and unapproved) steps are not observed: the session evolves only by what ran.
    if (runs) {
      // The same post_tool scanners as the gateway, unless the trace recorded the labels its scanners found.
      const seen = st.output !== undefined && !st.labels ? inspectToolOutput(policy, st.output) : undefined;
      const labels = st.labels ?? seen?.labels ?? [];
      session = observe(policy, session, call, { executed: true, verdict: d.verdict, rule_ids: d.rule_ids, output: seen ? seen.output : st.output, at, labels, flagged_untrusted: seen?.flagged_untrusted === true }, d.consumes);
    }
    const prov: Record<string, ProvenanceSource> = {};
    for (const p of d.provenance ?? []) prov[p.pointer] = p.source;
    const step: ReplayStep = { i, tool: st.tool, verdict: d.verdict, rule_ids: d.rule_ids, labels: session.labels, provenance: prov };
    if (st.expect) {
      step.expect = st.expect;
      step.pass = st.expect === d.verdict;
    }
    steps.push(step);
  });
  return { id: trace.id, steps };
}

/** Mark the steps whose verdict differs under the old policy. Returns how many differ. */
export function markDifferences(current: ReplayResult, old: ReplayResult): number {
  let n = 0;
  current.steps.forEach((s, i) => {
    const o = old.steps[i];
    if (o && o.verdict !== s.verdict) {
      s.was = { verdict: o.verdict, rule_ids: o.rule_ids };
      n++;
    }
  });
  return n;
}
