// Render the benchmark report as Markdown (the JSON form is the Report value itself).
import type { ProfileSummary } from "./profile.js";
import type { Attribution, ProvenanceResult } from "./provenance.js";
import type { Machine, Sample } from "./stats.js";

export interface Report {
  machine: Machine;
  decision: (Sample & { name: string; rules: number; rules_on_tool: string })[];
  cedar: { agree: number; of: number; disagreements: string[] };
  provenance: ProvenanceResult[];
  targets: { name: string; value: string; met: boolean }[];
  profiles?: Record<string, ProfileSummary>;
  attribution?: Attribution[];
}

const f = (n: number, d = 2): string => n.toFixed(d);
const k = (n: number): string => Math.round(n).toLocaleString("en-US");

export function toMarkdown(r: Report): string {
  const m = r.machine;
  const out: string[] = [];
  out.push(`Machine: ${m.cpu}, ${m.cores} cores, ${m.memory_gb} GB, ${m.os}; Node ${m.node}; load average ${m.load_avg_1m} at start; ${m.date}`);
  out.push(`Command: \`${m.command}\``);
  out.push("");
  out.push("| scenario | rules | rules run per call | p50 µs | p99 µs | mean µs | decisions/s |");
  out.push("| --- | ---: | --- | ---: | ---: | ---: | ---: |");
  for (const d of r.decision) out.push(`| ${d.name} | ${d.rules} | ${d.rules_on_tool} | ${f(d.p50_us)} | ${f(d.p99_us)} | ${f(d.mean_us)} | ${k(d.ops_per_s)} |`);
  out.push("");
  out.push(`Warden and Cedar verdicts agree on ${r.cedar.agree} of ${r.cedar.of} calls of the mix.${r.cedar.disagreements.length ? " Disagreements: " + r.cedar.disagreements.join("; ") : ""}`);
  out.push("");
  out.push("Provenance on (finance policy, `report` task, decide + observe per step, ~1 KB outputs):");
  out.push("");
  out.push("| session steps | sessions | p50 µs / call | p99 µs / call | decide p50 µs | observe p50 µs | p50 µs, last 10% of steps |");
  out.push("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const p of r.provenance) out.push(`| ${p.steps} | ${p.sessions} | ${f(p.p50_us)} | ${f(p.p99_us)} | ${f(p.decide_p50_us)} | ${f(p.observe_p50_us)} | ${f(p.tail_p50_us)} |`);
  out.push("");
  out.push("| target | measured | met |");
  out.push("| --- | ---: | :---: |");
  for (const t of r.targets) out.push(`| ${t.name} | ${t.value} | ${t.met ? "yes" : "**no**"} |`);
  if (r.profiles) {
    for (const [name, p] of Object.entries(r.profiles)) {
      out.push("");
      out.push(`Profile — ${name} (${p.file}):`);
      out.push("");
      out.push("| self % | function | where | | incl. % | project function (src/) |");
      out.push("| ---: | --- | --- | --- | ---: | --- |");
      for (let i = 0; i < Math.max(p.top.length, p.inclusive.length); i++) {
        const h = p.top[i], c = p.inclusive[i];
        out.push(`| ${h ? f(h.self_pct, 1) : ""} | ${h?.fn ?? ""} | ${h?.where ?? ""} | | ${c ? f(c.self_pct, 1) : ""} | ${c ? `${c.fn} (${c.where.replace(/^src\/core\//, "")})` : ""} |`);
      }
    }
  }
  if (r.attribution) {
    out.push("");
    out.push("Growth with session length, parts measured alone (µs per call, same 30 calls at each length):");
    out.push("");
    out.push("| steps | distinct tokens | longest posting list | decide | provenanceOf | history scan (×2 per decide) | tokenize 1 KB (observe) |");
    out.push("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (const a of r.attribution) out.push(`| ${a.steps} | ${k(a.distinct_tokens)} | ${k(a.longest_posting_list)} | ${f(a.decide_us)} | ${f(a.provenance_of_us)} | ${f(a.history_scan_us)} | ${f(a.tokenize_1kb_us)} |`);
  }
  return out.join("\n");
}
