// Replay the tau-bench retail tasks through the retail policy: compliant traces must see no denial,
// mutated steps must all be denied. Used by test/retail-replay.test.ts and bench/eval/policy.ts.
import { loadPolicyFile } from "../../src/policy-file/index.js";
import { formatDiagnostic } from "../../src/core/index.js";
import { replayTrace, type ReplayResult } from "../../src/replay/index.js";
import { compliantTrace, loadRetail, mutations, type Mutation } from "./traces.js";

export interface RetailReport {
  set: string;
  tasks: number;
  steps: number;
  groundTruthSteps: number;
  denied: { trace: string; i: number; tool: string; rule_ids: string[] }[];
  notAllowed: number;
  mutations: Record<Mutation["kind"], { n: number; denied: number; rules: Record<string, number> }>;
}

export function evaluateRetail(dataDir: string, policyFile = "examples/retail/policy.yaml"): RetailReport[] {
  const r = loadPolicyFile(policyFile);
  if (!r.ok) throw new Error(r.diagnostics.map(formatDiagnostic).join("\n"));
  const policy = r.policy;
  const domain = loadRetail(dataDir);
  const reports: RetailReport[] = [];
  for (const [set, tasks] of Object.entries(domain.task_sets)) {
    const rep: RetailReport = { set, tasks: tasks.length, steps: 0, groundTruthSteps: 0, denied: [], notAllowed: 0, mutations: {} as RetailReport["mutations"] };
    tasks.forEach((task, k) => {
      rep.groundTruthSteps += task.calls.length;
      const res: ReplayResult = replayTrace(policy, compliantTrace(task));
      for (const s of res.steps) {
        rep.steps++;
        if (s.verdict !== "allow") rep.notAllowed++;
        if (s.verdict === "deny") rep.denied.push({ trace: res.id, i: s.i, tool: s.tool, rule_ids: s.rule_ids });
      }
      // Another task's user provides the foreign order (the next task with a different user).
      const other = tasks.slice(k + 1).concat(tasks.slice(0, k)).find((t) => t.user_id !== task.user_id);
      for (const m of mutations(task, other)) {
        const out = replayTrace(policy, m.trace);
        const last = out.steps[out.steps.length - 1];
        const bucket = (rep.mutations[m.kind] ??= { n: 0, denied: 0, rules: {} });
        bucket.n++;
        if (last?.verdict === "deny") {
          bucket.denied++;
          for (const id of last.rule_ids) bucket.rules[id] = (bucket.rules[id] ?? 0) + 1;
        }
      }
    });
    reports.push(rep);
  }
  return reports;
}
