// Closed-loop load with autocannon, latencies kept per response at full resolution (autocannon's own
// histogram stores whole milliseconds, too coarse here), plus the raw-fsync floor.
import autocannon from "autocannon";
import { closeSync, fsyncSync, openSync, unlinkSync, writeSync } from "node:fs";
import { join } from "node:path";

export interface LoadResult {
  /** 2xx responses per second over the run. */
  rps: number;
  p50_us: number;
  p99_us: number;
  mean_us: number;
  ok: number;
  non2xx: number;
  errors: number;
  /** CPU time the serving process (proxy or gateway) spent per answered call, µs, when measured. */
  cpu_us_per_call?: number;
}

export interface LoadOptions {
  url: string;
  connections: number;
  /** Calls per second across all connections (autocannon overallRate); 0 = as fast as it answers. */
  rate: number;
  seconds: number;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  /** Path of each request, called once per request (session rotation). */
  path?: () => string;
}

export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] as number;
}

export async function load(o: LoadOptions): Promise<LoadResult> {
  const lat: number[] = [];
  let non2xx = 0;
  const pathFn = o.path;
  const request = {
    method: o.method ?? "GET",
    ...(o.body !== undefined ? { body: o.body } : {}),
    ...(pathFn ? { setupRequest: (r: Record<string, unknown>) => ({ ...r, path: pathFn() }) } : {}),
  };
  const started = process.hrtime.bigint();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const inst = autocannon(
      {
        url: o.url,
        connections: o.connections,
        duration: o.seconds,
        ...(o.rate > 0 ? { overallRate: o.rate } : {}),
        headers: o.headers ?? {},
        requests: [request as autocannon.Request],
        timeout: 30,
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
    inst.on("response", (_client: unknown, status: number, _bytes: number, ms: number) => {
      if (status >= 200 && status < 300) lat.push(ms * 1000);
      else non2xx++;
    });
  });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  const sorted = Float64Array.from(lat).sort();
  let sum = 0;
  for (const x of sorted) sum += x;
  return {
    rps: sorted.length / elapsed,
    p50_us: percentile(sorted, 50),
    p99_us: percentile(sorted, 99),
    mean_us: sorted.length ? sum / sorted.length : NaN,
    ok: sorted.length,
    non2xx,
    errors: result.errors + result.timeouts,
  };
}

export interface FsyncResult {
  p50_us: number;
  p99_us: number;
  mean_us: number;
  n: number;
}

/** Raw floor: append ~1 KB and fsync, per record, to a file in `dir`; latency of write+fsync. */
export function rawFsync(dir: string, records: number): FsyncResult {
  const file = join(dir, "raw-fsync.bin");
  const fd = openSync(file, "a");
  const rec = Buffer.alloc(1024, 0x61);
  const samples = new Float64Array(records);
  try {
    for (let i = 0; i < 20; i++) {
      writeSync(fd, rec);
      fsyncSync(fd);
    }
    for (let i = 0; i < records; i++) {
      const t0 = process.hrtime.bigint();
      writeSync(fd, rec);
      fsyncSync(fd);
      samples[i] = Number(process.hrtime.bigint() - t0) / 1000;
    }
  } finally {
    closeSync(fd);
    unlinkSync(file);
  }
  samples.sort();
  let sum = 0;
  for (const x of samples) sum += x;
  return { p50_us: percentile(samples, 50), p99_us: percentile(samples, 99), mean_us: sum / records, n: records };
}
