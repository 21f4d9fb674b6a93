// The layered injection scanner (seed 004 layers 1 and 5): normalise, match heuristics, score segments with
// the linear classifier, and do the same inside decoded base64/hex runs. The text's injection score is the
// strongest signal; findings are the spans whose score passes the threshold.
import type { Checkpoint, Finding, ScanContext, Scanner } from "../types.js";
import { fold, unfoldSpan, unleetAt, type Folded } from "./normalize.js";
import { matchGated, matchRegions } from "../engine/detector.js";
import { HEURISTICS, HitSink, heuristicHits, heuristicTrigger, type Heuristic } from "./heuristics.js";
import { scoreSegments, type LinearModel } from "./model.js";
import { decodeRuns, runsFromFolded } from "./decode.js";
import { hiddenSpans } from "./hidden.js";
import { shippedModel } from "./shipped.js";

export interface InjectionParams {
  /** Classifier probability at or above which a window is a finding (default: the model's validated threshold). */
  threshold?: number;
  heuristics?: boolean;
  /** Heuristic ids to leave out (e.g. `exfiltration` in a principal's own request: asking to send is normal there). */
  skip_heuristics?: string[];
  classifier?: boolean;
  decode?: boolean;
}

export const INJECTION_PARAMS_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: {
    threshold: { type: "number", minimum: 0, maximum: 1 },
    heuristics: { type: "boolean" },
    skip_heuristics: { type: "array", items: { type: "string" } },
    classifier: { type: "boolean" },
    decode: { type: "boolean" },
  },
} as const;

export interface Assessment {
  findings: Finding[];
  score: number;
}

/** A scanner that also reports a text-level score (injection). */
export interface ScoringScanner extends Scanner {
  assess(text: string, ctx: ScanContext): Assessment;
}

interface RawSignal {
  start: number;
  end: number;
  score: number;
  type: string;
}

/**
 * One scale for every layer: a classifier probability at the validated threshold maps to 0.5, so
 * "score >= 0.5" means "finding" whether a heuristic (weights 0.5-0.95) or the classifier fired.
 */
export function calibrate(p: number, threshold: number): number {
  if (threshold <= 0 || threshold >= 1) return p;
  return p >= threshold ? 0.5 + (0.5 * (p - threshold)) / (1 - threshold) : (0.5 * p) / threshold;
}

/** Score at or above which an injection signal is a finding. */
export const INJECTION_DECISION = 0.5;

// Heuristics to run, per skip list: resolved once per scanner, not per call.
interface HeuristicRun {
  h: Heuristic;
  trigger: { index: number; reach: number } | undefined;
}

function heuristicRuns(params: InjectionParams): HeuristicRun[] {
  if (params.heuristics === false) return [];
  return HEURISTICS.filter((hr) => !params.skip_heuristics?.includes(hr.id)).map((h) => ({
    h,
    trigger: heuristicTrigger(h.id),
  }));
}

/**
 * Everything one call needs, allocated once per scanner: the match callbacks read the call's state from
 * here instead of being new closures per call and per heuristic.
 */
class SignalPass {
  out: Signals = Object.assign([] as RawSignal[], { max: 0 });
  f: Folded | null = null;
  weight = 0;
  /** Whether the last text holds no invisible (zero-width, bidi) characters: fold saw and dropped none. */
  noInvisible = false;
  /** The last text's folded form (for hiddenSpans' trigger test). */
  folded = "";
  /** Base64-alphabet runs of the last text, when the classifier pass found them (decode.ts longRuns). */
  runs64: Array<[number, number]> | undefined = undefined;
  readonly hitSink = new HitSink();
  constructor(
    readonly runs: readonly HeuristicRun[],
    readonly model: LinearModel | null,
    readonly threshold: number,
  ) {}

  readonly onMatch = (m: RegExpExecArray, offset: number): void => {
    const f = this.f as Folded;
    const [s, e] = unfoldSpan(f, m.index + offset, m.index + offset + m[0].length);
    this.out.push({ start: s, end: e, score: this.weight, type: "injection" });
  };

  readonly onWindow = (ws: number, we: number, p: number): void => {
    const score = calibrate(p, this.threshold);
    // Windows below KEEP can change nothing but the text's score: keep only their maximum.
    if (score < KEEP) {
      if (score > this.out.max) this.out.max = score;
      return;
    }
    const [s, e] = unfoldSpan(this.f as Folded, ws, we);
    this.out.push({ start: s, end: e, score, type: "injection" });
  };

  run(text: string): Signals {
    const out: Signals = Object.assign([] as RawSignal[], { max: 0 });
    this.out = out;
    const heur = this.runs.length > 0;
    let f: Folded;
    let hits: number[][] = [];
    const cls: RawSignal[] = [];
    if (this.model) {
      // One pass for the classifier and the heuristics' triggers, over the lower-cased text; unleet only
      // when the pass saw leetspeak (offsets are the same either way).
      f = fold(text, false);
      this.f = f;
      this.out = Object.assign(cls, { max: 0 });
      if (heur) this.hitSink.reset();
      const sink = scoreSegments(this.model, f.text, this.onWindow, heur ? this.hitSink : null);
      out.max = (cls as Signals).max;
      if (sink.nleet > 0) f.text = unleetAt(f.text, sink.leetPos, sink.nleet);
      if (f.ascii === true) {
        const runs: Array<[number, number]> = [];
        for (let j = 0; j < sink.nb64; j += 2) runs.push([sink.b64[j] as number, sink.b64[j + 1] as number]);
        this.runs64 = runs;
      } else if (f.asciiRuns !== undefined) this.runs64 = runsFromFolded(sink.b64, sink.nb64, f.asciiRuns);
      else this.runs64 = undefined;
      hits = this.hitSink.hits;
      this.out = out;
    } else {
      this.runs64 = undefined;
      f = fold(text);
      this.f = f;
      if (heur) hits = heuristicHits(f.text);
    }
    this.noInvisible = f.invisible !== true;
    this.folded = f.text;
    for (const { h, trigger } of this.runs) {
      this.weight = h.weight;
      if (trigger === undefined) matchGated(h.re, f.text, undefined, undefined, this.onMatch);
      else matchRegions(h.re, f.text, hits[trigger.index] as number[], trigger.reach, this.onMatch);
    }
    // Classifier signals after the heuristics', the order findings were always built in.
    for (const x of cls) out.push(x);
    this.f = null;
    return out;
  }
}

/**
 * Signals at or above this score are kept one by one: findings need INJECTION_DECISION, the hidden-content
 * boost needs 0.8 * INJECTION_DECISION. Weaker ones only contribute to the text's maximum.
 */
const KEEP = INJECTION_DECISION * 0.8;

interface Signals extends Array<RawSignal> {
  /** Highest score of the signals not kept in the array. */
  max: number;
}

export function createInjectionScanner(
  id: string,
  checkpoints: readonly Checkpoint[],
  params: InjectionParams = {},
  model: LinearModel | null = shippedModel(),
): ScoringScanner {
  const threshold = params.threshold ?? model?.threshold ?? 0.5;
  const pass = new SignalPass(heuristicRuns(params), params.classifier !== false ? model : null, threshold);
  const assess = (text: string): Assessment => {
    const sig = pass.run(text);
    const noInvisible = pass.noInvisible;
    const folded = pass.folded;
    pass.folded = ""; // not kept past the call
    if (params.decode !== false) {
      for (const run of decodeRuns(text, 64, pass.runs64)) {
        // A finding inside a decoded payload points at the whole encoded run.
        const inner = pass.run(run.text);
        sig.max = Math.max(sig.max, inner.max);
        for (const s of inner)
          sig.push({ start: run.start, end: run.end, score: s.score, type: "encoded_injection" });
      }
    }
    let score = sig.max;
    for (const s of sig) score = Math.max(score, s.score);
    const hidden = hiddenSpans(text, id, noInvisible, folded);
    // Instructions inside hidden content are more suspicious than the same words in plain sight.
    for (const hd of hidden) {
      for (const s of sig)
        if (s.start < hd.end && hd.start < s.end && s.score >= INJECTION_DECISION * 0.8)
          score = Math.max(score, Math.min(1, s.score + 0.15));
    }
    const findings: Finding[] = [];
    const strong: RawSignal[] = [];
    for (const s of sig) if (s.score >= INJECTION_DECISION) strong.push(s);
    for (const s of mergeSignals(strong)) {
      findings.push({
        scanner: id,
        type: s.type,
        start: s.start,
        end: s.end,
        score: round(s.score),
        severity: s.score >= 0.9 ? "critical" : "high",
      });
    }
    if (findings.length > 0) findings.push(...hidden);
    return { findings, score: round(score) };
  };
  return { id, checkpoints, assess, scan: (text) => assess(text).findings };
}

function byTypeThenStart(a: RawSignal, b: RawSignal): number {
  return a.type.localeCompare(b.type) || a.start - b.start;
}

/** Overlapping spans of one type become one finding carrying the highest score. */
function mergeSignals(sig: RawSignal[]): RawSignal[] {
  const sorted = [...sig].sort(byTypeThenStart);
  const out: RawSignal[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && last.type === s.type && s.start <= last.end) {
      last.end = Math.max(last.end, s.end);
      last.score = Math.max(last.score, s.score);
    } else out.push({ ...s });
  }
  return out;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
