// Durations (`15m`) and rates (`10/min`) as the policy writes them.

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

export function parseDuration(s: string): number | undefined {
  const m = /^([1-9][0-9]*)(ms|s|m|h|d)$/.exec(s);
  if (!m) return undefined;
  return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
}

const RATE_MS = { sec: 1_000, s: 1_000, second: 1_000, min: 60_000, m: 60_000, minute: 60_000, hour: 3_600_000, h: 3_600_000, day: 86_400_000, d: 86_400_000 } as const;

export interface Rate {
  limit: number;
  window_ms: number;
}

export function parseRate(s: string): Rate | undefined {
  const m = /^\s*([1-9][0-9]*)\s*\/\s*([a-z]+)\s*$/.exec(s);
  if (!m) return undefined;
  const w = RATE_MS[m[2] as keyof typeof RATE_MS];
  return w === undefined ? undefined : { limit: Number(m[1]), window_ms: w };
}
