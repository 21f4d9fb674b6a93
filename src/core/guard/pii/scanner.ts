import type { Checkpoint, Finding, Scanner } from "../types.js";
import {
  TriggerCache,
  collectMatch,
  matchGated,
  matchNear,
  matchSpan,
  type Detector,
} from "../engine/detector.js";
import { PII_DETECTORS, PII_PRIORITY, PII_TYPES } from "./detectors.js";
import { rankResolver } from "../engine/overlaps.js";

const resolvePii = rankResolver(PII_PRIORITY);

export interface PiiParams {
  /** Entity types to report; default all of PII_TYPES. */
  types?: string[];
  /** Findings below this confidence are dropped (a phone-like number without context scores 0.55). */
  min_score?: number;
}

export const PII_PARAMS_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: {
    types: { type: "array", items: { enum: [...PII_TYPES] }, uniqueItems: true },
    min_score: { type: "number", minimum: 0, maximum: 1 },
  },
} as const;

// Digit clusters (see Detector.cluster): one pass finds them, and the numeric formats (cards, SSNs, IPv4,
// phones) run only inside clusters holding enough digits, instead of each scanning the whole text.
const CLUSTER = /[+(]?\d[\d .()/+-]{6,}/g;
// Characters after a cluster a match may still read or hold: a phone extension (` ext. 12345`) and the
// patterns' lookaheads.
const CLUSTER_TAIL = 24;
const MAX_DIGITS = Math.max(...PII_DETECTORS.map((d) => d.cluster?.digits ?? 0));

// Local parts of e-mail addresses: [A-Za-z0-9._%+-], and `_` (which the pattern's lookbehind also refuses).
function localChar(c: number): boolean {
  return (
    (c >= 48 && c <= 57) ||
    (c >= 65 && c <= 90) ||
    (c >= 97 && c <= 122) ||
    c === 46 ||
    c === 95 ||
    c === 37 ||
    c === 43 ||
    c === 45
  );
}

/**
 * Where an e-mail match can start, for each `@`: the pattern starts where no local-part character precedes
 * it and allows 64 local characters, so the only candidate is the start of the run of local characters
 * before the `@`, when that run is at most 64 long. One anchored attempt per `@` gives the whole-text result.
 */
function emailStarts(text: string): number[] {
  const out: number[] = [];
  let prev = 0;
  for (let a = text.indexOf("@"); a >= 0; a = text.indexOf("@", a + 1)) {
    let i = a;
    while (i > prev && a - i <= 64 && localChar(text.charCodeAt(i - 1))) i--;
    if (a - i > 64 || i === a) {
      prev = a + 1;
      continue;
    }
    out.push(i);
    prev = a + 1;
  }
  return out;
}

export function createPiiScanner(
  id: string,
  checkpoints: readonly Checkpoint[],
  params: PiiParams = {},
): Scanner {
  const wanted = new Set(params.types ?? PII_TYPES);
  const detectors = PII_DETECTORS.filter((d) => wanted.has(d.type as (typeof PII_TYPES)[number]));
  const clustered = detectors.filter((d) => d.cluster !== undefined);
  const email = detectors.filter((d) => d.type === "email");
  const rest = detectors.filter((d) => d.cluster === undefined && d.type !== "email");
  const minScore = params.min_score ?? 0.6;
  return {
    id,
    checkpoints,
    scan(text: string): Finding[] {
      const raw: Finding[] = [];
      if (clustered.length > 0) {
        const collect = clustered.map((d) => collectMatch(id, d, text, raw));
        CLUSTER.lastIndex = 0;
        for (let m = CLUSTER.exec(text); m !== null; m = CLUSTER.exec(text)) {
          const s = m.index;
          const e = s + m[0].length;
          let digits = 0;
          let dots = 0;
          // Count only as far as the largest need (12 digits, 3 dots): long clusters stop early.
          for (let i = s; i < e && (digits < MAX_DIGITS || dots < 3); i++) {
            const c = text.charCodeAt(i);
            if (c >= 48 && c <= 57) digits++;
            else if (c === 46) dots++;
          }
          for (let k = 0; k < clustered.length; k++) {
            const d = clustered[k] as Detector;
            const need = d.cluster as { digits: number; dots?: number };
            if (digits >= need.digits && dots >= (need.dots ?? 0))
              matchSpan(
                d.re,
                text,
                s,
                e,
                CLUSTER_TAIL,
                collect[k] as (m: RegExpExecArray, o: number) => void,
              );
          }
        }
      }
      for (const d of email) {
        const starts = emailStarts(text);
        if (starts.length > 0) matchNear(d.re, text, starts, 0, collectMatch(id, d, text, raw));
      }
      const cache = new TriggerCache(text);
      for (const d of rest) {
        const onMatch = collectMatch(id, d, text, raw);
        if (d.trigger) {
          let hits: ArrayLike<number> = cache.get(d.trigger.re);
          if (d.trigger.also) {
            const extra: number[] = [];
            for (const w of d.trigger.also)
              for (let i = text.indexOf(w); i >= 0; i = text.indexOf(w, i + 1)) extra.push(i);
            if (extra.length > 0) hits = Int32Array.from([...Array.from(hits), ...extra]).sort();
          }
          matchNear(d.re, text, hits, d.trigger.back, onMatch, d.trigger.ahead);
        } else matchGated(d.re, text, d.gate, cache, onMatch);
      }
      return resolvePii(raw.filter((f) => f.score >= minScore));
    },
  };
}
