import type { Checkpoint, Finding, Scanner } from "../types.js";
import {
  TriggerCache,
  collectMatch,
  matchGated,
  matchNear,
  matchRegions,
  type Detector,
} from "../engine/detector.js";
import { SecretsPrefilter } from "./prefilter.js";
import { rankResolver } from "../engine/overlaps.js";

const resolveSecrets = rankResolver(SECRET_PRIORITY);
import { KEYED_RULES, PROVIDER_LITERALS, PROVIDER_RULES, RULE_LITERALS, SECRET_PRIORITY } from "./rules.js";

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

// The combined prefilter, built once at module load (issue 8: no per-call compilation): one pass over the text
// (./prefilter.ts) finds every provider literal (`AKIA`, `ghp_`, …) and every key word of the keyed rules
// (`password`, `token`, `-u`, `://`…) and credits each occurrence to its rules. A provider rule then makes
// anchored attempts at its literals (or scans small regions around them); a keyed rule makes anchored attempts at
// its words (matchNear); the few rules with their own `gate`/`trigger` use it; a rule with none of these scans
// the whole text.
const ALL_RULES: readonly Detector[] = [...PROVIDER_RULES, ...KEYED_RULES];

const LIT_RULES = new Map<string, number[]>(); // literal -> rule indexes
ALL_RULES.forEach((d, k) => {
  for (const l of RULE_LITERALS.get(d)?.lits ?? PROVIDER_LITERALS[d.type]?.lits ?? []) {
    const g = LIT_RULES.get(l);
    if (g) g.push(k);
    else LIT_RULES.set(l, [k]);
  }
});
const WORD_RULES = new Map<string, number[]>(); // lower-cased word -> rule indexes
ALL_RULES.forEach((d, k) => {
  for (const w of d.near?.words ?? []) {
    const key = w.toLowerCase();
    const g = WORD_RULES.get(key);
    if (g) g.push(k);
    else WORD_RULES.set(key, [k]);
  }
});
const PREFILTER = new SecretsPrefilter(ALL_RULES.length, LIT_RULES, WORD_RULES);

// Characters of a base64 run (standard alphabet), for rules whose matches start where such a run starts.
const B64 = new Uint8Array(128);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") B64[c.charCodeAt(0)] = 1;

/**
 * For rules whose match is a whole base64 run holding a literal (`runBack`): the start of the run around each
 * hit, at most `back` characters before it (ascending, deduplicated). The rule's pattern begins at a run start
 * (a lookbehind), so one anchored attempt there replaces a scan of the region around the hit.
 */
function runStarts(text: string, hits: readonly number[], back: number): number[] {
  const out: number[] = [];
  for (const h of hits) {
    let p = h;
    const stop = Math.max(0, h - back);
    while (p > stop) {
      const c = text.charCodeAt(p - 1);
      if (c >= 128 || B64[c] === 0) break;
      p--;
    }
    if (p === stop && p > 0) {
      const c = text.charCodeAt(p - 1);
      if (c < 128 && B64[c] === 1) continue; // the run starts further back than any match can
    }
    if (out.length === 0 || (out[out.length - 1] as number) < p) out.push(p);
  }
  return out;
}

/** How each rule runs, decided once: anchored at its hits, in regions around them, or on its own gate. */
type Plan =
  | { d: Detector; k: number; mode: "near"; back: number }
  | { d: Detector; k: number; mode: "run"; back: number }
  | { d: Detector; k: number; mode: "regions"; reach: number }
  | { d: Detector; k: number; mode: "trigger"; re: RegExp; back: number }
  | { d: Detector; k: number; mode: "own" };
function plan(d: Detector, k: number, keyed: boolean): Plan {
  const own = RULE_LITERALS.get(d);
  if (own?.back !== undefined) return { d, k, mode: "near", back: own.back };
  if (own?.reach !== undefined) return { d, k, mode: "regions", reach: own.reach };
  const lit = PROVIDER_LITERALS[d.type];
  if (lit?.runBack !== undefined) return { d, k, mode: "run", back: lit.runBack };
  if (lit?.back !== undefined) return { d, k, mode: "near", back: lit.back };
  if (lit !== undefined) return { d, k, mode: "regions", reach: lit.reach + 1 };
  if (keyed && d.near !== undefined) return { d, k, mode: "near", back: d.near.back };
  if (d.trigger !== undefined) return { d, k, mode: "trigger", re: d.trigger.re, back: d.trigger.back };
  return { d, k, mode: "own" };
}

export function createSecretsScanner(
  id: string,
  checkpoints: readonly Checkpoint[],
  params: SecretsParams = {},
): Scanner {
  const keyed = params.keyed !== false;
  const plans = ALL_RULES.map((d, k) => plan(d, k, keyed)).filter(
    (p) => keyed || p.k < PROVIDER_RULES.length,
  );
  const own = plans.filter((p) => p.mode === "own" || p.mode === "trigger");
  const prefiltered = plans.filter((p) => p.mode === "near" || p.mode === "regions" || p.mode === "run");
  const minScore = params.min_score ?? 0.6;
  return {
    id,
    checkpoints,
    scan(text: string): Finding[] {
      const hits = PREFILTER.scan(text, keyed);
      const raw: Finding[] = [];
      for (const p of prefiltered) {
        const h = hits[p.k];
        if (h === undefined) continue;
        const onMatch = collectMatch(id, p.d, text, raw);
        if (p.mode === "near") matchNear(p.d.re, text, h, p.back, onMatch);
        else if (p.mode === "regions") matchRegions(p.d.re, text, h, p.reach, onMatch);
        else if (p.mode === "run") matchNear(p.d.re, text, runStarts(text, h, p.back), 0, onMatch);
      }
      if (own.length > 0) {
        const cache = new TriggerCache(text);
        for (const p of own) {
          const onMatch = collectMatch(id, p.d, text, raw);
          if (p.mode === "trigger")
            matchNear(p.d.re, text, cache.get(p.re), p.back, onMatch, p.d.trigger?.ahead);
          else matchGated(p.d.re, text, p.d.gate, cache, onMatch);
        }
      }
      return resolveSecrets(raw.filter((f) => f.score >= minScore));
    },
  };
}
