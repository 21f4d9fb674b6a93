// Policy evaluations on public data, printed as Markdown for docs/evaluations.md.
// Run: node --import tsx bench/eval/policy.ts [--data ../shared/data]
import { evaluateRetail } from "../../examples/retail/evaluate.js";
import { evaluateAsb } from "./asb.js";

const i = process.argv.indexOf("--data");
const data = i > 0 ? (process.argv[i + 1] ?? "../shared/data") : (process.env["WARDEN_SHARED_DATA"] ?? "../shared/data");
const out: string[] = [];
const p = (s = "") => out.push(s);

p("### tau-bench retail (policy/tau-bench)");
p();
p("| task set | tasks | ground-truth calls | replayed steps (with implied lookups) | denied | not allowed |");
p("| --- | ---: | ---: | ---: | ---: | ---: |");
const retail = evaluateRetail(data);
for (const r of retail) p(`| ${r.set} | ${r.tasks} | ${r.groundTruthSteps} | ${r.steps} | ${r.denied.length} | ${r.notAllowed} |`);
p();
p("Denied ground-truth calls (each one a call the retail wiki forbids):");
p();
for (const r of retail) for (const d of r.denied) p(`- ${d.trace} step ${d.i}: \`${d.tool}\` denied by ${d.rule_ids.join(", ")}`);
p();
p("| mutation | task set | n | denied | deciding rules (count) |");
p("| --- | --- | ---: | ---: | --- |");
for (const r of retail)
  for (const [kind, m] of Object.entries(r.mutations))
    p(`| ${kind} | ${r.set} | ${m.n} | ${m.denied} | ${Object.entries(m.rules).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} (${v})`).join(", ")} |`);
p();
p("### Agent Security Bench attacker tools (injection/asb)");
p();
p("| variant | attacks | denied | normal tool calls allowed | deciding rule |");
p("| --- | ---: | ---: | ---: | --- |");
for (const r of evaluateAsb(data)) p(`| ${r.variant} | ${r.attacks} | ${r.denied} | ${r.normalAllowed} | ${Object.keys(r.byRule).join(", ")} |`);
process.stdout.write(out.join("\n") + "\n");
