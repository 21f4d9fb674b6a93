// Wilson score interval for a binomial proportion: honest at small n and near 0 or 1, where the normal
// approximation gives intervals outside [0, 1].
export interface Proportion {
  k: number;
  n: number;
  p: number;
  lo: number;
  hi: number;
}

export function wilson(k: number, n: number, z = 1.959964): Proportion {
  if (n === 0) return { k, n, p: Number.NaN, lo: Number.NaN, hi: Number.NaN };
  const p = k / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { k, n, p, lo: Math.max(0, centre - half), hi: Math.min(1, centre + half) };
}

export function fmt(pr: Proportion): string {
  if (pr.n === 0) return "n/a (n=0)";
  return `${pr.p.toFixed(3)} [${pr.lo.toFixed(3)}, ${pr.hi.toFixed(3)}] (${pr.k}/${pr.n})`;
}
