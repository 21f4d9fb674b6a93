import { celList, celMap, isCelList, isCelMap, isCelUint } from "@bufbuild/cel";

/** Convert a CEL result back to a plain JSON-like value (ints become numbers). */
export function toPlain(v: unknown): unknown {
  if (typeof v === "bigint") return Number(v);
  if (isCelUint(v as never)) return Number((v as { value: bigint }).value);
  if (isCelList(v as never)) {
    const out: unknown[] = [];
    for (const x of v as Iterable<unknown>) out.push(toPlain(x));
    return out;
  }
  if (isCelMap(v as never)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of v as Iterable<[unknown, unknown]>) out[String(k)] = toPlain(x);
    return out;
  }
  return v;
}

const MAX_DEPTH = 64;

/**
 * Convert a JSON-like value to CEL values once, deeply. @bufbuild/cel otherwise rebuilds a map from every
 * plain object each time a condition reads it, in every rule; converted values are used as they are.
 * Objects of any prototype (including null) are maps.
 */
export function toCelValue(v: unknown, depth = 0): unknown {
  if (v === null || typeof v !== "object") return v;
  if (isCelMap(v as never) || isCelList(v as never)) return v;
  // SECURITY: hostile input may nest deeply; refusing beats overflowing the stack (decide denies on throw).
  if (depth > MAX_DEPTH) throw new Error(`value nested deeper than ${MAX_DEPTH} levels`);
  if (Array.isArray(v)) return celList(v.map((x) => toCelValue(x, depth + 1)) as never);
  const m = new Map<string, unknown>();
  for (const [k, x] of Object.entries(v)) m.set(k, toCelValue(x, depth + 1));
  return celMap(m as never);
}
