import type { Checkpoint, Finding, Scanner } from "../types.js";
import {
  TriggerCache,
  collectMatch,
  matchGated,
  matchNear,
  matchRegions,
  resolveOverlaps,
  type Detector,
} from "../engine/detector.js";
import { LiteralAnchors } from "../engine/anchors.js";
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

// The combined prefilter, built once at module load (issue 8: no per-call compilation):
//   - provider rules: every literal of every rule in a few passes (../engine/anchors.ts); a rule runs only in
//     regions around its literals' occurrences;
//   - keyed rules: one case-insensitive pass over all key words (`password`, `token`, `-u`, `://`…); each rule
//     runs only in small windows at the words it owns (matchNear);
//   - the few rules with their own `gate` use it; a rule with none of these scans the whole text.
const ALL_RULES: readonly Detector[] = [...PROVIDER_RULES, ...KEYED_RULES];

const LIT_RULES: number[][] = []; // literal index -> rule indexes
const LIT_LIST: string[] = [];
ALL_RULES.forEach((d, k) => {
  for (const l of PROVIDER_LITERALS[d.type]?.lits ?? []) {
    let i = LIT_LIST.indexOf(l);
    if (i < 0) {
      i = LIT_LIST.push(l) - 1;
      LIT_RULES[i] = [];
    }
    (LIT_RULES[i] as number[]).push(k);
  }
});
const ANCHORS = new LiteralAnchors(LIT_LIST);

const WORD_RULES = new Map<string, number[]>(); // lower-cased word -> rule indexes
ALL_RULES.forEach((d, k) => {
  for (const w of d.near?.words ?? []) {
    const key = w.toLowerCase();
    const g = WORD_RULES.get(key);
    if (g) g.push(k);
    else WORD_RULES.set(key, [k]);
  }
});
// The pass reports non-overlapping words, so a reported word X also stands for every word L that can occur
// at an offset inside X (`pw` inside `pwd`, `pas` inside `sshpass`, `pas` after the `-p` of `--pass`): each
// is checked at its offset and credited there.
const WORD_CREDIT = new Map<string, Array<{ off: number; word: string; rules: number[] }>>();
for (const x of WORD_RULES.keys()) {
  const out: Array<{ off: number; word: string; rules: number[] }> = [];
  for (const [l, rules] of WORD_RULES)
    for (let o = 0; o < x.length; o++) {
      const rest = x.slice(o);
      if (rest.startsWith(l) || l.startsWith(rest)) out.push({ off: o, word: l, rules });
    }
  WORD_CREDIT.set(x, out);
}
const WORDS = new RegExp(
  [...WORD_RULES.keys()]
    .sort((a, b) => b.length - a.length || (a < b ? -1 : 1))
    .map((w) => w.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"))
    .join("|"),
  "gi",
);

/** Prefilter hits per rule (index into ALL_RULES), ascending; undefined for rules without one of these two. */
function ruleHits(text: string, keyed: boolean): Array<number[] | undefined> {
  const hits: Array<number[] | undefined> = ALL_RULES.map((d) =>
    PROVIDER_LITERALS[d.type] !== undefined || (keyed && d.near !== undefined) ? [] : undefined,
  );
  const merged = new Set<number>();
  const litHits = ANCHORS.scan(text);
  litHits.forEach((hs, i) => {
    if (hs.length === 0) return;
    const lit = ANCHORS.literals[i] as string;
    for (const k of LIT_RULES[LIT_LIST.indexOf(lit)] ?? []) {
      const h = hits[k] as number[];
      if (h.length > 0) merged.add(k);
      for (const x of hs) h.push(x);
    }
  });
  if (keyed) {
    WORDS.lastIndex = 0;
    for (let m = WORDS.exec(text); m !== null; m = WORDS.exec(text)) {
      const x = m[0].toLowerCase();
      for (const c of WORD_CREDIT.get(x) ?? []) {
        const at = m.index + c.off;
        if (c.word !== x && text.slice(at, at + c.word.length).toLowerCase() !== c.word) continue;
        for (const k of c.rules) {
          const h = hits[k] as number[];
          // Offsets inside one reported word can arrive out of order across rules' credits.
          if (h.length > 0 && (h[h.length - 1] as number) > at) merged.add(k);
          h.push(at);
        }
      }
    }
  }
  // A rule with literals from more than one pass gets them out of order.
  for (const k of merged) (hits[k] as number[]).sort((a, b) => a - b);
  return hits;
}

export function createSecretsScanner(
  id: string,
  checkpoints: readonly Checkpoint[],
  params: SecretsParams = {},
): Scanner {
  const keyed = params.keyed !== false;
  const active = ALL_RULES.map((d, k) => ({ d, k })).filter(({ k }) => keyed || k < PROVIDER_RULES.length);
  const minScore = params.min_score ?? 0.6;
  return {
    id,
    checkpoints,
    scan(text: string): Finding[] {
      const hits = ruleHits(text, keyed);
      let cache: TriggerCache | undefined;
      const raw: Finding[] = [];
      for (const { d, k } of active) {
        const h = hits[k];
        const onMatch = collectMatch(id, d, text, raw);
        const lit = PROVIDER_LITERALS[d.type];
        if (h === undefined) {
          cache ??= new TriggerCache(text);
          matchGated(d.re, text, d.gate, cache, onMatch);
        } else if (h.length === 0) continue;
        else if (lit?.back !== undefined) matchNear(d.re, text, h, lit.back, onMatch);
        else if (lit !== undefined) matchRegions(d.re, text, h, lit.reach + 1, onMatch);
        else if (d.near !== undefined) matchNear(d.re, text, h, d.near.back, onMatch);
      }
      return resolveOverlaps(
        raw.filter((f) => f.score >= minScore),
        SECRET_PRIORITY,
      );
    },
  };
}
