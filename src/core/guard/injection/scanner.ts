// The layered injection scanner (seed 004 layers 1 and 5): normalise, match heuristics, score segments with
// the linear classifier, and do the same inside decoded base64/hex runs. The text's injection score is the
// strongest signal; findings are the spans whose score passes the threshold.
import type { Checkpoint, Finding, ScanContext, Scanner } from "../types.js";
import { fold, unfoldSpan } from "./normalize.js";
import { matchGated, matchRegions } from "../engine/detector.js";
import { HEURISTICS, heuristicHits, heuristicTrigger } from "./heuristics.js";
import { forEachWindow, type LinearModel } from "./model.js";
import { decodeRuns } from "./decode.js";
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

function signals(
  text: string,
  params: InjectionParams,
  model: LinearModel | null,
  threshold: number,
): Signals {
  const f = fold(text);
  const out = Object.assign([] as RawSignal[], { max: 0 });
  if (params.heuristics !== false) {
    const hits = heuristicHits(f.text);
    for (const hr of HEURISTICS) {
      if (params.skip_heuristics?.includes(hr.id)) continue;
      const onMatch = (m: RegExpExecArray, offset: number): void => {
        const [s, e] = unfoldSpan(f, m.index + offset, m.index + offset + m[0].length);
        out.push({ start: s, end: e, score: hr.weight, type: "injection" });
      };
      const t = heuristicTrigger(hr.id);
      if (t === undefined) matchGated(hr.re, f.text, undefined, undefined, onMatch);
      else matchRegions(hr.re, f.text, hits[t.index] as number[], t.reach, onMatch);
    }
  }
  if (model && params.classifier !== false) {
    forEachWindow(model, f.text, (ws, we, p) => {
      const score = calibrate(p, threshold);
      // Windows below KEEP can change nothing but the text's score: keep only their maximum.
      if (score < KEEP) {
        if (score > out.max) out.max = score;
        return;
      }
      const [s, e] = unfoldSpan(f, ws, we);
      out.push({ start: s, end: e, score, type: "injection" });
    });
  }
  return out;
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
  const assess = (text: string): Assessment => {
    const sig = signals(text, params, model, threshold);
    if (params.decode !== false) {
      for (const run of decodeRuns(text)) {
        // A finding inside a decoded payload points at the whole encoded run.
        const inner = signals(run.text, params, model, threshold);
        sig.max = Math.max(sig.max, inner.max);
        for (const s of inner)
          sig.push({ start: run.start, end: run.end, score: s.score, type: "encoded_injection" });
      }
    }
    let score = sig.max;
    for (const s of sig) score = Math.max(score, s.score);
    const hidden = hiddenSpans(text, id);
    // Instructions inside hidden content are more suspicious than the same words in plain sight.
    for (const hd of hidden) {
      for (const s of sig)
        if (s.start < hd.end && hd.start < s.end && s.score >= INJECTION_DECISION * 0.8)
          score = Math.max(score, Math.min(1, s.score + 0.15));
    }
    const findings: Finding[] = [];
    for (const s of mergeSignals(sig.filter((x) => x.score >= INJECTION_DECISION))) {
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

/** Overlapping spans of one type become one finding carrying the highest score. */
function mergeSignals(sig: RawSignal[]): RawSignal[] {
  const sorted = [...sig].sort((a, b) => a.type.localeCompare(b.type) || a.start - b.start);
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
