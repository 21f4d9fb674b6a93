import type { Checkpoint, Finding, Scanner } from "../types.js";
import {
  TriggerCache,
  collectMatch,
  matchGated,
  matchRegions,
  resolveOverlaps,
} from "../engine/detector.js";
import { KEYED_RULES, PROVIDER_LITERALS, PROVIDER_RULES, SECRET_PRIORITY } from "./rules.js";

export interface SecretsParams {
  /** Report `name = value` assignments whose value looks random (default true). */
  keyed?: boolean;
  min_score?: number;
}

export const SECRETS_PARAMS_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: {
    keyed: { type: "boolean" },
    min_score: { type: "number", minimum: 0, maximum: 1 },
  },
} as const;

// The combined prefilter: one alternation of every provider literal (longest first), one scan per text.
// A reported literal X credits every rule owning a literal L that can occur without being reported itself:
// L inside X, or L starting inside X (a suffix of X is a prefix of L). Its offset then differs from X's by
// less than the longest literal, which the reach absorbs.
const TYPES = Object.keys(PROVIDER_LITERALS);
const LITS = [...new Set(TYPES.flatMap((t) => (PROVIDER_LITERALS[t] as { lits: string[] }).lits))].sort(
  (a, b) => b.length - a.length || (a < b ? -1 : 1),
);
const MAX_LIT = Math.max(...LITS.map((l) => l.length));
const COMBINED = new RegExp(LITS.map((l) => l.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "g");
const CREDIT = new Map<string, number[]>(); // literal -> indexes into TYPES
for (const x of LITS) {
  const credit: number[] = [];
  TYPES.forEach((t, k) => {
    const owns = (PROVIDER_LITERALS[t] as { lits: string[] }).lits.some((l) => {
      if (x.includes(l)) return true;
      for (let i = 1; i < x.length; i++) if (l.startsWith(x.slice(i))) return true;
      return false;
    });
    if (owns) credit.push(k);
  });
  CREDIT.set(x, credit);
}
const TYPE_INDEX = new Map(TYPES.map((t, k) => [t, k]));

/** Hit offsets per provider rule (index into TYPES), from one scan. */
function providerHits(text: string): number[][] {
  const hits: number[][] = TYPES.map(() => []);
  COMBINED.lastIndex = 0;
  for (let m = COMBINED.exec(text); m !== null; m = COMBINED.exec(text))
    for (const k of CREDIT.get(m[0]) ?? []) (hits[k] as number[]).push(m.index);
  return hits;
}

export function createSecretsScanner(
  id: string,
  checkpoints: readonly Checkpoint[],
  params: SecretsParams = {},
): Scanner {
  const rules = params.keyed === false ? PROVIDER_RULES : [...PROVIDER_RULES, ...KEYED_RULES];
  const minScore = params.min_score ?? 0.6;
  return {
    id,
    checkpoints,
    scan(text: string): Finding[] {
      const hits = providerHits(text);
      const cache = new TriggerCache(text);
      const raw: Finding[] = [];
      for (const d of rules) {
        const k = TYPE_INDEX.get(d.type);
        const lit = k === undefined ? undefined : PROVIDER_LITERALS[d.type];
        const onMatch = collectMatch(id, d, text, raw);
        if (k === undefined || lit === undefined) matchGated(d.re, text, d.gate, cache, onMatch);
        else {
          const h = hits[k] as number[];
          if (h.length === 0) continue;
          if (lit.reach === Infinity) matchGated(d.re, text, undefined, undefined, onMatch);
          else matchRegions(d.re, text, h, lit.reach + MAX_LIT, onMatch);
        }
      }
      return resolveOverlaps(
        raw.filter((f) => f.score >= minScore),
        SECRET_PRIORITY,
      );
    },
  };
}
