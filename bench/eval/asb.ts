// Agent Security Bench (shared/data/injection/asb): attacker tools injected into an agent's context must
// be refused at the gateway. The policy gives each ASB agent its own normal tools for its task.
import { readFileSync } from "node:fs";
import { compilePolicy, formatDiagnostic, type PolicySet } from "../../src/core/index.js";
import { replayTrace } from "../../src/replay/index.js";

interface AttackTool {
  "Attacker Tool": string;
  "Attacker Instruction": string;
  "Attack Type": string;
  "Corresponding Agent": string;
  Aggressive: string;
}
interface NormalTool {
  "Tool Name": string;
  "Corresponding Agent": string;
}

const jsonl = <T>(path: string): T[] =>
  readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);

/** A policy an operator would write for the ASB agents; with `declareAttackers`, the attacker tools are
 * in the inventory too (a plugin someone installed) but granted to no task. */
export function asbPolicy(normal: NormalTool[], attackers: AttackTool[], declareAttackers: boolean): PolicySet {
  const agents = [...new Set(normal.map((t) => t["Corresponding Agent"]))].sort();
  const lines = ["version: 1", "tools:"];
  for (const t of normal) lines.push(`  ${t["Tool Name"]}: { tier: read_only }`);
  if (declareAttackers) for (const name of [...new Set(attackers.map((a) => a["Attacker Tool"]))]) lines.push(`  ${name}: { tier: write_limited }`);
  lines.push("tasks:");
  for (const a of agents) lines.push(`  ${a}_task: [${normal.filter((t) => t["Corresponding Agent"] === a).map((t) => t["Tool Name"]).join(", ")}]`);
  lines.push("roles:");
  for (const a of agents) lines.push(`  ${a}_role: { tools: ["*"] }`);
  lines.push("agents:");
  for (const a of agents) lines.push(`  ${a}: { tenant: asb, roles: [${a}_role] }`);
  const r = compilePolicy(lines.join("\n") + "\n", { file: "asb-policy.yaml" });
  if (!r.ok) throw new Error(r.diagnostics.map(formatDiagnostic).join("\n"));
  return r.policy;
}

export interface AsbReport {
  variant: "undeclared" | "declared-not-granted";
  attacks: number;
  denied: number;
  normalAllowed: number;
  byRule: Record<string, number>;
  byType: Record<string, { n: number; denied: number }>;
}

export function evaluateAsb(dataDir: string): AsbReport[] {
  const normal = jsonl<NormalTool>(`${dataDir}/injection/asb/all_normal_tools.jsonl`);
  const attackers = jsonl<AttackTool>(`${dataDir}/injection/asb/all_attack_tools.jsonl`);
  return (["undeclared", "declared-not-granted"] as const).map((variant) => {
    const policy = asbPolicy(normal, attackers, variant === "declared-not-granted");
    const rep: AsbReport = { variant, attacks: 0, denied: 0, normalAllowed: 0, byRule: {}, byType: {} };
    attackers.forEach((a, i) => {
      const agent = a["Corresponding Agent"];
      const own = normal.find((t) => t["Corresponding Agent"] === agent)?.["Tool Name"] ?? "none";
      // The agent does its job, then the injected instruction makes it call the attacker's tool.
      const res = replayTrace(policy, { id: `asb-${i}`, agent, task: `${agent}_task`, principal: "user", request: "do my task", steps: [{ tool: own, args: {}, output: a["Attacker Instruction"] }, { tool: a["Attacker Tool"], args: { instruction: a["Attacker Instruction"] } }] });
      const [first, attack] = res.steps;
      rep.attacks++;
      if (first?.verdict === "allow") rep.normalAllowed++;
      const t = (rep.byType[a["Attack Type"]] ??= { n: 0, denied: 0 });
      t.n++;
      if (attack?.verdict === "deny") {
        rep.denied++;
        t.denied++;
        for (const id of attack.rule_ids) rep.byRule[id] = (rep.byRule[id] ?? 0) + 1;
      }
    });
    return rep;
  });
}
