// Decision benchmark (issues 2 and 3). Not a test: prints figures, asserts nothing.
//   node --import tsx bench/decision/run.ts [--json] [--quick] [--profile] [--from result.json]
// --json prints the report as JSON; --from re-renders a saved JSON report as Markdown without running.
import { readFileSync } from "node:fs";
import { decide, type Call, type PolicySet } from "../../src/core/index.js";
import { prepareCedar } from "./cedar.js";
import { FINANCE_FILE, compileOrThrow, financeMix } from "./finance.js";
import { SIZES, generatePolicy, type GeneratedPolicy } from "./generate.js";
import { profile, type ProfileSummary } from "./profile.js";
import { attribute, benchProvenance, provenancePolicy, replaySession, sessionSteps } from "./provenance.js";
import { toMarkdown, type Report } from "./report.js";
import { machine, measure, type Sample } from "./stats.js";

const argv = new Set(process.argv.slice(2));
const quick = argv.has("--quick");
const scale = quick ? 0.1 : 1;
const WARDEN = { warmup: 20_000 * scale, iterations: 100_000 * scale, rounds: 3 };
const CEDAR = { warmup: 2_000 * scale, iterations: 20_000 * scale, rounds: 3 };

function benchWarden(policy: PolicySet, calls: Call[]): Sample {
  const n = calls.length;
  return measure((i) => decide(policy, calls[i % n] as Call, undefined, 1_736_935_200_000), WARDEN);
}

async function main(): Promise<void> {
  const host = machine();
  const financeText = readFileSync(FINANCE_FILE, "utf8");
  const fin = financeMix(financeText);
  const finN = fin.cases.length;
  const rows: Report["decision"] = [];
  rows.push({ name: "finance policy (example), call mix", rules: fin.policy.rules.length, rules_on_tool: "0–3", ...measure((i) => { const c = fin.cases[i % finN]; return c && decide(fin.policy, c.call, c.session, fin.now); }, WARDEN) });

  const generated = new Map<number, { gen: GeneratedPolicy; policy: PolicySet }>();
  for (const size of SIZES) {
    const gen = generatePolicy(size);
    const policy = compileOrThrow(gen.yaml, `generated-${size}.yaml`);
    generated.set(size, { gen, policy });
    const onTool = policy.tools.get("t00")?.rules.length ?? 0;
    rows.push({ name: `generated, ${size} rules / 50 tools`, rules: policy.rules.length, rules_on_tool: `${onTool} + ${policy.globalRules.length} global`, ...benchWarden(policy, gen.calls) });
  }

  // Cedar on the 100-rule policy: same calls, same question.
  const g100 = generated.get(100) as { gen: GeneratedPolicy; policy: PolicySet };
  const cedar = prepareCedar(g100.gen);
  let agree = 0;
  const disagreements: string[] = [];
  for (const c of g100.gen.calls) {
    const w = decide(g100.policy, c, undefined, 1_736_935_200_000).verdict;
    const k = cedar.authorize(c);
    if (w === k) agree++;
    else if (disagreements.length < 5) disagreements.push(`${c.tool} ${JSON.stringify(c.args)}: warden=${w} cedar=${k}`);
  }
  const cn = g100.gen.calls.length;
  const cedarSample = measure((i) => cedar.authorize(g100.gen.calls[i % cn] as Call), CEDAR);
  rows.push({ name: "cedar-wasm, generated 100 rules (pre-parsed)", rules: cedar.policyCount, rules_on_tool: "all evaluated", ...cedarSample });

  const provenance = benchProvenance(provenancePolicy(financeText), quick ? 600 : 3000);

  const row = (prefix: string) => rows.find((r) => r.name.startsWith(prefix)) as Sample;
  const w100 = row("generated, 100 "), w20 = row("generated, 20 "), w1000 = row("generated, 1000 ");
  const p10 = provenance[0], p1000 = provenance[provenance.length - 1];
  const report: Report = {
    machine: host,
    decision: rows,
    cedar: { agree, of: cn, disagreements },
    provenance,
    targets: [
      { name: "p50 ≤ 10 µs at 100 rules", value: `${w100.p50_us.toFixed(2)} µs`, met: w100.p50_us <= 10 },
      { name: "p99 ≤ 40 µs at 100 rules", value: `${w100.p99_us.toFixed(2)} µs`, met: w100.p99_us <= 40 },
      { name: "throughput ≥ 20× cedar-wasm (100 rules)", value: `${(w100.ops_per_s / cedarSample.ops_per_s).toFixed(1)}×`, met: w100.ops_per_s / cedarSample.ops_per_s >= 20 },
      { name: "p50 at 1,000 rules ≤ 1.5× p50 at 20 (5 rules on the called tool)", value: `${(w1000.p50_us / w20.p50_us).toFixed(2)}×`, met: w1000.p50_us / w20.p50_us <= 1.5 },
      { name: "provenance: per-call p50 at 1,000 steps ≤ 2× at 10", value: p10 && p1000 ? `${(p1000.p50_us / p10.p50_us).toFixed(2)}×` : "n/a", met: !!p10 && !!p1000 && p1000.p50_us / p10.p50_us <= 2 },
      { name: "provenance (stricter): p50 of the last 100 steps of a 1,000-step session ≤ 2× p50 at 10", value: p10 && p1000 ? `${(p1000.tail_p50_us / p10.p50_us).toFixed(2)}×` : "n/a", met: !!p10 && !!p1000 && p1000.tail_p50_us / p10.p50_us <= 2 },
    ],
  };

  if (argv.has("--profile")) {
    const profiles: Record<string, ProfileSummary> = {};
    const g1000 = generated.get(1000) as { gen: GeneratedPolicy; policy: PolicySet };
    for (const [name, p] of [["decide-generated-100", g100], ["decide-generated-1000", g1000]] as const) {
      const calls = p.gen.calls;
      const r = await profile(name, () => { for (let i = 0; i < 200_000 * scale; i++) decide(p.policy, calls[i % calls.length] as Call, undefined, 1_736_935_200_000); });
      profiles[name] = r;
    }
    const prov = provenancePolicy(financeText);
    const steps = sessionSteps(1000);
    const r = await profile("provenance-1000-steps", () => { for (let k = 0; k < 5; k++) replaySession(prov, steps); });
    profiles["decide+observe, 1,000-step sessions"] = r;
    report.profiles = profiles;
    report.attribution = attribute(prov);
  }

  if (argv.has("--json")) console.log(JSON.stringify(report, null, 2));
  else console.log(toMarkdown(report));
}

const from = process.argv.indexOf("--from");
if (from > 0) console.log(toMarkdown(JSON.parse(readFileSync(process.argv[from + 1] ?? "", "utf8")) as Report));
else await main();
