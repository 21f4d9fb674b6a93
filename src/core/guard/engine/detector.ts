// Built-in detectors: a V8 regular expression plus an optional validator (checksum, context, entropy).
// Built-ins use V8's engine for speed; every built-in pattern is written to be linear: quantifiers are
// bounded, and a pattern starts only at a boundary (lookbehind), so a long run of candidate characters is
// not rescanned from every position. test/guard-redos.test.ts feeds each one adversarial input.
// Policy-supplied patterns never come here: they go through ./re2.ts.
import type { Finding, Severity } from "../types.js";

export interface Detector {
  type: string;
  severity: Severity;
  /** Base confidence; a validator may return its own. */
  score: number;
  /** INVARIANT: has the `g` flag (and `d` when `group` is set). */
  re: RegExp;
  /** Capture group holding the sensitive part (e.g. the value after `password=`). */
  group?: number;
  /** Accept (true / a score) or reject (false / 0) a candidate. `start` is the candidate's offset. */
  validate?: (value: string, text: string, start: number) => boolean | number;
  /** Prefilter: see `Gate`. Without one the pattern scans the whole text. */
  gate?: Gate;
  /**
   * Prefilter for keyed rules (see matchNear): every match starts at most `back` characters before an
   * occurrence of one of `words` (case-insensitive). One pass over the text finds the words of every such
   * rule at once.
   */
  near?: { words: readonly string[]; back: number };
  /**
   * Like `near`, with the rule's own trigger pattern (global) instead of shared key words; matches start
   * between `back` characters before a trigger hit and `ahead` characters after it. `also`: literals found
   * with indexOf and merged into the hits (non-ASCII words, which slow a V8 pattern down for every position).
   */
  trigger?: { re: RegExp; back: number; ahead?: number; also?: readonly string[] };
  /**
   * Prefilter for numeric formats (PII): every match lies inside one digit cluster (a run of digits, spaces
   * and `. ( ) / + -` starting with a digit, `+` or `(`, at least 7 characters) holding at least `digits`
   * digits (and `dots` dots), plus a few characters of suffix (a phone extension). See matchSpan.
   */
  cluster?: { digits: number; dots?: number };
}

/**
 * A prefilter for a pattern: `trigger` (global) finds something every match of the pattern contains (a
 * literal, an `@`, a keyword), and every match lies within `reach` characters of such a hit, lookarounds
 * included. The pattern then runs only on slices around hits, and not at all when there is none; results
 * are the same as a scan of the whole text (see matchGated). Triggers are cached per text and shared.
 */
export interface Gate {
  trigger: RegExp;
  reach: number;
}

/** Hit offsets of each trigger in one text, computed once per text and shared by every pattern using it. */
export class TriggerCache {
  private readonly hits = new Map<RegExp, Int32Array>();
  constructor(readonly text: string) {}
  get(trigger: RegExp): Int32Array {
    let h = this.hits.get(trigger);
    if (h === undefined) {
      const out: number[] = [];
      trigger.lastIndex = 0;
      for (let m = trigger.exec(this.text); m !== null; m = trigger.exec(this.text)) {
        out.push(m.index);
        if (m[0].length === 0) trigger.lastIndex++;
      }
      h = Int32Array.from(out);
      this.hits.set(trigger, h);
    }
    return h;
  }
}

/**
 * Every match of `re` (global) in `text`, as a whole-text scan would find them, but scanning only the slices
 * around gate hits. Exact when the gate holds (every match contains a trigger hit, or overlaps one, and lies
 * within `reach` of it): a slice spans the region's hits +- 2 * reach, regions closer than that are merged, so
 * any attempt inside a region reads the same characters it would read in the whole text, and no match exists
 * between regions.
 */
export function matchGated(
  re: RegExp,
  text: string,
  gate: Gate | undefined,
  cache: TriggerCache | undefined,
  onMatch: (m: RegExpExecArray, offset: number) => void,
): void {
  if (gate === undefined) {
    scanSlice(re, text, 0, 0, text.length, onMatch);
    return;
  }
  matchRegions(re, text, (cache ?? new TriggerCache(text)).get(gate.trigger), gate.reach, onMatch);
}

/** matchGated with the trigger hits (ascending offsets) already found. */
export function matchRegions(
  re: RegExp,
  text: string,
  hits: ArrayLike<number>,
  reach: number,
  onMatch: (m: RegExpExecArray, offset: number) => void,
): void {
  if (hits.length === 0) return;
  // Small texts: one scan is cheaper than slicing.
  if (text.length <= 4 * reach) {
    scanSlice(re, text, 0, 0, text.length, onMatch);
    return;
  }
  const R = reach;
  let i = 0;
  while (i < hits.length) {
    const a = Math.max(0, (hits[i] as number) - R);
    let last = hits[i] as number;
    i++;
    while (i < hits.length && (hits[i] as number) - R <= last + 3 * R) last = hits[i++] as number;
    const b = Math.min(text.length, last + R);
    const sliceStart = Math.max(0, a - R);
    const sliceEnd = Math.min(text.length, b + R);
    scanSlice(re, text.slice(sliceStart, sliceEnd), sliceStart, a - sliceStart, b - sliceStart, onMatch);
  }
}

/** Matches of `re` (global) starting in [start, end), with `tail` characters after `end` of context. */
export function matchSpan(
  re: RegExp,
  text: string,
  start: number,
  end: number,
  tail: number,
  onMatch: (m: RegExpExecArray, offset: number) => void,
): void {
  const sliceStart = Math.max(0, start - 8);
  const s = text.slice(sliceStart, Math.min(text.length, end + tail));
  scanSlice(re, s, sliceStart, start - sliceStart, end - 1 - sliceStart, onMatch);
}

function scanSlice(
  re: RegExp,
  s: string,
  offset: number,
  from: number,
  to: number,
  onMatch: (m: RegExpExecArray, offset: number) => void,
): void {
  re.lastIndex = from;
  for (let m = re.exec(s); m !== null && m.index <= to; m = re.exec(s)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    onMatch(m, offset);
  }
}

// Sticky twins of global patterns, made once per pattern (patterns are module constants, so this is a
// compile-once cache, not per-call work).
const STICKY = new WeakMap<RegExp, RegExp>();
function sticky(re: RegExp): RegExp {
  let y = STICKY.get(re);
  if (y === undefined) {
    y = new RegExp(re.source, re.flags.replace("g", "") + "y");
    STICKY.set(re, y);
  }
  return y;
}

/**
 * Matches of `re` that start at most `back` characters before a trigger hit (or at it, or at most `ahead` after
 * it). For keyed rules, whose
 * trigger (the key name) sits at or just after the start of every match: each hit costs `back + 1` anchored
 * attempts, whatever the text length, and hits never merge into text-wide regions. `hits` ascending. Same
 * results as a whole-text scan when every match starts within `back` of a hit: a match is reported once
 * (later hits inside it are skipped) and the earliest start wins, as in a left-to-right scan.
 */
export function matchNear(
  re: RegExp,
  text: string,
  hits: ArrayLike<number>,
  back: number,
  onMatch: (m: RegExpExecArray, offset: number) => void,
  ahead = 0,
): void {
  const y = sticky(re);
  let lastEnd = 0;
  let tried = -1; // positions up to here were attempted already (hits closer than `back`)
  for (let i = 0; i < hits.length; i++) {
    const h = hits[i] as number;
    if (h < lastEnd) continue;
    for (let p = Math.max(h - back, lastEnd, tried + 1, 0); p <= h + ahead && p < text.length; p++) {
      y.lastIndex = p;
      const m = y.exec(text);
      tried = p;
      if (m === null || m[0].length === 0) continue;
      onMatch(m, 0);
      lastEnd = p + m[0].length;
      break;
    }
  }
}

/** Turn one regex match of a detector into a finding (its capture group, if any; its validator's verdict). */
export function collectMatch(
  scanner: string,
  d: Detector,
  text: string,
  out: Finding[],
): (m: RegExpExecArray, offset: number) => void {
  return (m, offset) => {
    let start = m.index + offset;
    let end = start + m[0].length;
    let value = m[0];
    if (d.group !== undefined) {
      const span = m.indices?.[d.group];
      const g = m[d.group];
      if (!span || g === undefined) return;
      start = span[0] + offset;
      end = span[1] + offset;
      value = g;
    }
    const v = d.validate ? d.validate(value, text, start) : true;
    if (v === false || v === 0) return;
    out.push({
      scanner,
      type: d.type,
      start,
      end,
      score: typeof v === "number" ? v : d.score,
      severity: d.severity,
    });
  };
}

export function runDetectors(
  scanner: string,
  detectors: readonly Detector[],
  text: string,
  cache: TriggerCache = new TriggerCache(text),
): Finding[] {
  const out: Finding[] = [];
  for (const d of detectors) {
    matchGated(d.re, text, d.gate, cache, collectMatch(scanner, d, text, out));
  }
  return out;
}

/** Lower-cased text of up to `n` characters before `start` (for context words such as "born"). */
export function before(text: string, start: number, n: number): string {
  return text.slice(Math.max(0, start - n), start).toLowerCase();
}
