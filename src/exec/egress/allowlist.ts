// Host allowlists: exact hosts, `*.example.com` (any subdomain, not the apex) and `*` (any host; the
// address checks still apply). A call may reach a host only if the adapter's list AND the decision's
// list (when the policy gives one) both allow it.

export function normalizeHost(h: string): string {
  const lower = h.toLowerCase().replace(/\.$/, "");
  return lower.startsWith("[") && lower.endsWith("]") ? lower.slice(1, -1) : lower;
}

export function hostMatches(host: string, pattern: string): boolean {
  const h = normalizeHost(host);
  const p = normalizeHost(pattern);
  if (p === "*") return true;
  if (p.startsWith("*.")) return h.endsWith(p.slice(1)) && h.length > p.length - 1;
  return h === p;
}

export function allowedBy(host: string, list: readonly string[]): boolean {
  return list.some((p) => hostMatches(host, p));
}

/** INVARIANT: intersection, never union: a decision's egress can only narrow what the adapter allows. */
export function egressAllows(host: string, adapter: readonly string[], decision: readonly string[] | undefined): boolean {
  return allowedBy(host, adapter) && (decision === undefined || allowedBy(host, decision));
}
