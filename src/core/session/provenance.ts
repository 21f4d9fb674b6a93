// Argument provenance: for each argument value, the most trusted source the session saw it in.
import type { ProvenanceEntry, ProvenanceSource } from "../types.js";
import type { SeenIndex } from "./types.js";
import { canonicalNumber, normalise, tokenize } from "./tokens.js";
import { tokenKey } from "./seen-index.js";

const RANK: Record<ProvenanceSource, number> = { request: 0, trusted: 1, untrusted: 2, none: 3 };
const MAX_LEAVES = 256;

function escapePointer(s: string): string {
  return s.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** JSON Pointer → value for each string/number leaf of the arguments (bounded). */
export function argLeaves(args: unknown): [string, string | number][] {
  const out: [string, string | number][] = [];
  const walk = (v: unknown, ptr: string, depth: number): void => {
    if (out.length >= MAX_LEAVES || depth > 32) return;
    if (typeof v === "string" || (typeof v === "number" && Number.isFinite(v))) out.push([ptr, v]);
    else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${ptr}/${i}`, depth + 1));
    else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, `${ptr}/${escapePointer(k)}`, depth + 1);
  };
  walk(args, "", 0);
  return out;
}

/** Binary search in an ascending posting list. */
function contains(list: readonly number[], id: number): boolean {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = list[mid] as number;
    if (v === id) return true;
    if (v < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/**
 * Source ids containing every token of the value. Walks the shortest posting list and binary-searches the
 * others, so a common word seen in every output costs log(n), not n.
 * INVARIANT: posting lists are ascending (ids are appended in order).
 */
function sourcesContaining(index: SeenIndex, tokens: string[]): number[] {
  if (tokens.length === 0) return [];
  const lists: number[][] = [];
  for (const t of new Set(tokens)) {
    const k = tokenKey(t);
    const l = Object.hasOwn(index.tokens, k) ? index.tokens[k] : undefined;
    if (!l) return [];
    lists.push(l);
  }
  lists.sort((a, b) => a.length - b.length);
  const [first, ...rest] = lists;
  return (first ?? []).filter((id) => rest.every((l) => contains(l, id)));
}

export function provenanceOf(index: SeenIndex, args: unknown): ProvenanceEntry[] {
  const entries: ProvenanceEntry[] = [];
  const empty = index.sources.length === 0;
  for (const [pointer, value] of argLeaves(args)) {
    // Nothing seen yet: every value is "none", with no need to tokenise it.
    if (empty) {
      entries.push({ pointer, source: "none", detail: `${pointer} was not seen in the request or any tool output` });
      continue;
    }
    const text = typeof value === "number" ? String(value) : value;
    const tracked = typeof value === "number" || normalise(value).length >= 4;
    if (!tracked) {
      entries.push({ pointer, source: "none", detail: `${pointer || "value"} is too short to trace (under 4 characters)` });
      continue;
    }
    const tokens = typeof value === "number" ? [canonicalNumber(text) ?? text] : tokenize(text);
    let best: { id: number; rank: number } | undefined;
    for (const id of sourcesContaining(index, tokens)) {
      const src = index.sources[id];
      if (!src) continue;
      const rank = RANK[src.kind];
      if (!best || rank < best.rank || (rank === best.rank && id < best.id)) best = { id, rank };
    }
    const src = best ? index.sources[best.id] : undefined;
    if (!src) entries.push({ pointer, source: "none", detail: `${pointer} was not seen in the request or any tool output` });
    else if (src.kind === "request") entries.push({ pointer, source: "request", detail: `${pointer} appears in the principal's request`, step: 0 });
    else
      entries.push({
        pointer,
        source: src.kind,
        step: src.step,
        ...(src.tool ? { tool: src.tool } : {}),
        detail: `${pointer} first seen in the ${src.kind === "untrusted" ? "untrusted " : ""}output of ${src.tool ?? "a tool"}, step ${src.step}`,
      });
  }
  return entries;
}

export function provenanceMap(entries: ProvenanceEntry[]): Record<string, ProvenanceSource> {
  const m: Record<string, ProvenanceSource> = {};
  for (const e of entries) m[e.pointer] = e.source;
  return m;
}
