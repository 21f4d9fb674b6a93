// Overlap resolution for the secrets and PII scanners: drop a finding that overlaps a higher-ranked, then
// longer, then earlier one. resolveOverlaps states the rule over all findings at once; rankResolver gives the
// same result faster on long texts: the rank of each type comes from a map built once (not a search of the
// priority list per comparison), and findings are first split into clusters of transitively overlapping
// spans (one sweep by start), so a finding that overlaps nothing is kept as is and only clusters are ranked,
// instead of inserting thousands of findings into one growing sorted array. The tests check one against the other.
import type { Finding } from "../types.js";

/** The greedy rule: best first (rank, then length, then start), keep what overlaps nothing kept. Sorts `findings` in place. */
function keepBest(findings: Finding[], rankOf: (f: Finding) => number): Finding[] {
  const sorted = findings.sort((a, b) => rankOf(a) - rankOf(b) || b.end - b.start - (a.end - a.start) || a.start - b.start);
  // Kept spans are disjoint, so ordered by start they are also ordered by end: an overlap test is a binary
  // search for the last kept span starting before f.end (linearithmic, not quadratic).
  const kept: Finding[] = [];
  for (const f of sorted) {
    let lo = 0;
    let hi = kept.length; // first kept span with start >= f.end
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((kept[mid] as Finding).start < f.end) lo = mid + 1;
      else hi = mid;
    }
    const prev = kept[lo - 1];
    if (prev !== undefined && prev.end > f.start) continue;
    kept.splice(lo, 0, f);
  }
  return kept.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** Drop findings that overlap an earlier-ranked one (rank = index of type in `priority`, unknown last), over all findings at once. */
export function resolveOverlaps(findings: Finding[], priority: readonly string[]): Finding[] {
  const rank = (f: Finding): number => {
    const i = priority.indexOf(f.type);
    return i < 0 ? priority.length : i;
  };
  return keepBest([...findings], rank);
}

export function rankResolver(priority: readonly string[]): (findings: Finding[]) => Finding[] {
  const rank = new Map<string, number>();
  priority.forEach((t, i) => {
    if (!rank.has(t)) rank.set(t, i);
  });
  const rankOf = (f: Finding): number => rank.get(f.type) ?? priority.length;

  return (findings) => {
    const order = findings.slice().sort((a, b) => a.start - b.start || a.end - b.end);
    const out: Finding[] = [];
    let i = 0;
    while (i < order.length) {
      const first = order[i] as Finding;
      let maxEnd = first.end;
      let j = i + 1;
      while (j < order.length && (order[j] as Finding).start < maxEnd) {
        maxEnd = Math.max(maxEnd, (order[j] as Finding).end);
        j++;
      }
      if (j === i + 1) out.push(first);
      else for (const f of keepBest(order.slice(i, j), rankOf)) out.push(f);
      i = j;
    }
    return out;
  };
}
