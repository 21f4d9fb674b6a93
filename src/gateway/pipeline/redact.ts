// Redaction obligations: mask the values at JSON Pointers before the agent (or the log) sees them.
const MASK = "[REDACTED]";

function maskValue(v: unknown): unknown {
  // Keep a format hint for identifiers (****3847), never the value.
  if (typeof v === "string" && /^[0-9 -]{6,}$/.test(v)) return "****" + v.replace(/[^0-9]/g, "").slice(-4);
  return MASK;
}

function unescape(seg: string): string {
  return seg.replace(/~1/g, "/").replace(/~0/g, "~");
}

/** Returns a copy with each pointer's value masked, and how many values were masked. */
export function redactPointers(value: unknown, pointers: readonly string[]): { value: unknown; count: number } {
  if (!pointers.length || value === null || typeof value !== "object") return { value, count: 0 };
  const copy = structuredClone(value) as Record<string, unknown>;
  let count = 0;
  for (const p of pointers) {
    if (!p.startsWith("/")) continue;
    const segs = p.slice(1).split("/").map(unescape);
    let cur: unknown = copy;
    for (let i = 0; i < segs.length - 1 && cur && typeof cur === "object"; i++) cur = (cur as Record<string, unknown>)[segs[i] as string];
    const last = segs[segs.length - 1] as string;
    if (cur && typeof cur === "object" && Object.hasOwn(cur, last)) {
      (cur as Record<string, unknown>)[last] = maskValue((cur as Record<string, unknown>)[last]);
      count++;
    }
  }
  return { value: copy, count };
}
