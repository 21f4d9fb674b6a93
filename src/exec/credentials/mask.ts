// Masking echoed secrets in tool output. SECURITY: an upstream that reflects the Authorization header (a
// debug endpoint, an error page) must not hand the credential to the agent. Each secret is masked in the
// forms it is likely echoed in: as is, URL-encoded, and base64 (HTTP Basic).

export const MASK = "[REDACTED:credential]";

/** The strings to look for: each secret and its encoded forms, longest first (so no partial masks). */
export function secretNeedles(secrets: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const s of secrets) {
    if (!s) continue;
    out.add(s);
    out.add(encodeURIComponent(s));
    out.add(Buffer.from(s, "utf8").toString("base64"));
  }
  return [...out].sort((a, b) => b.length - a.length);
}

export function maskText(text: string, needles: readonly string[]): { text: string; count: number } {
  let count = 0;
  let out = text;
  for (const n of needles) {
    if (!out.includes(n)) continue;
    const parts = out.split(n);
    count += parts.length - 1;
    out = parts.join(MASK);
  }
  return { text: out, count };
}

/** Mask every string (keys too) in a JSON value; returns a new value. */
export function maskJson(v: unknown, needles: readonly string[]): { value: unknown; count: number } {
  if (needles.length === 0) return { value: v, count: 0 };
  let count = 0;
  const walk = (x: unknown): unknown => {
    if (typeof x === "string") {
      const r = maskText(x, needles);
      count += r.count;
      return r.text;
    }
    if (Array.isArray(x)) return x.map(walk);
    if (x && typeof x === "object") {
      // fromEntries, not assignment: a `__proto__` key stays a plain key.
      return Object.fromEntries(Object.entries(x).map(([k, val]) => [walk(k) as string, walk(val)]));
    }
    return x;
  };
  const value = walk(v);
  return { value, count };
}
