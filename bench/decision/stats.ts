// Timing helpers: per-call samples with process.hrtime.bigint, batch throughput, percentiles, machine facts.
import os from "node:os";

export interface Sample {
  p50_us: number;
  p99_us: number;
  mean_us: number;
  ops_per_s: number;
  n: number;
}

export function percentile(sorted: Float64Array | number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] as number;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

export function summarise(samplesNs: Float64Array, opsPerS: number): Sample {
  const sorted = Float64Array.from(samplesNs).sort();
  let sum = 0;
  for (const x of sorted) sum += x;
  return { p50_us: percentile(sorted, 50) / 1000, p99_us: percentile(sorted, 99) / 1000, mean_us: sum / sorted.length / 1000, ops_per_s: opsPerS, n: sorted.length };
}

/** Result sink so the optimiser cannot drop the work being measured. */
export let sink: unknown;

/**
 * Measure `fn(i)`: warm up, time each call separately, then time one batch for throughput.
 * Runs `rounds` rounds and reports the median of each figure across rounds.
 */
export function measure(fn: (i: number) => unknown, opts: { warmup: number; iterations: number; rounds: number }): Sample {
  for (let i = 0; i < opts.warmup; i++) sink = fn(i);
  const rounds: Sample[] = [];
  for (let r = 0; r < opts.rounds; r++) {
    const samples = new Float64Array(opts.iterations);
    for (let i = 0; i < opts.iterations; i++) {
      const t0 = process.hrtime.bigint();
      sink = fn(i);
      samples[i] = Number(process.hrtime.bigint() - t0);
    }
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < opts.iterations; i++) sink = fn(i);
    const batchNs = Number(process.hrtime.bigint() - t0);
    rounds.push(summarise(samples, (opts.iterations * 1e9) / batchNs));
  }
  return {
    p50_us: median(rounds.map((s) => s.p50_us)),
    p99_us: median(rounds.map((s) => s.p99_us)),
    mean_us: median(rounds.map((s) => s.mean_us)),
    ops_per_s: median(rounds.map((s) => s.ops_per_s)),
    n: opts.iterations * opts.rounds,
  };
}

export interface Machine {
  cpu: string;
  cores: number;
  memory_gb: number;
  os: string;
  node: string;
  /** 1-minute load average when the run started: other processes on the machine skew the figures. */
  load_avg_1m: number;
  date: string;
  command: string;
}

export function machine(): Machine {
  return {
    cpu: os.cpus()[0]?.model ?? "unknown",
    cores: os.cpus().length,
    memory_gb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    load_avg_1m: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
    date: new Date().toISOString(),
    command: `node --import tsx bench/decision/run.ts ${process.argv.slice(2).join(" ")}`.trim(),
  };
}
