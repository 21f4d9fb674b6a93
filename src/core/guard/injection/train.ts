// Deterministic training of the linear injection model: logistic loss, L2, AdaGrad steps, samples visited
// in a seeded order. Same data + same options => bit-identical weights (a test checks it).
import { mulberry32, shuffled } from "../eval/prng.js";
import { MAX_SEGMENT, aloneBucket, featureList, windowCounts } from "./features.js";
import type { LinearModel } from "./model.js";

export interface TrainDoc {
  text: string;
  /** Span of the planted attack, or null for a clean document. */
  attack: [number, number] | null;
}

export interface TrainOptions {
  bits: number;
  window: number;
  stride: number;
  epochs: number;
  lr: number;
  l2: number;
  seed: number;
  /** Clean segments kept per planted document (all positive segments are kept). */
  negPerDoc: number;
  /** Segments kept per clean document. */
  negCleanDoc: number;
}

export const DEFAULT_TRAIN: TrainOptions = {
  bits: 16,
  window: MAX_SEGMENT,
  stride: 0,
  epochs: 6,
  lr: 0.2,
  l2: 1e-6,
  seed: 20240611,
  negPerDoc: 3,
  negCleanDoc: 40,
};

interface Sample {
  idx: Int32Array;
  val: Float32Array;
  y: number;
}

/** A segment is positive when it holds at least half of the attack or the attack fills half of it. */
function isPositive(s: number, e: number, attack: [number, number] | null): boolean {
  if (!attack) return false;
  const ov = Math.max(0, Math.min(e, attack[1]) - Math.max(s, attack[0]));
  return ov >= 0.5 * (attack[1] - attack[0]) || ov >= 0.5 * (e - s);
}

export function buildSamples(
  docs: readonly TrainDoc[],
  o: TrainOptions,
  fold: (t: string) => { text: string; map: Int32Array },
): Sample[] {
  const rand = mulberry32(o.seed ^ 0x5eed);
  const out: Sample[] = [];
  for (const d of docs) {
    const f = fold(d.text);
    // Map the attack span into folded offsets (folding only deletes or keeps characters in order).
    let attack: [number, number] | null = null;
    if (d.attack) {
      let s = 0;
      while (s < f.map.length - 1 && (f.map[s] as number) < d.attack[0]) s++;
      let e = s;
      while (e < f.map.length - 1 && (f.map[e] as number) < d.attack[1]) e++;
      attack = [s, e];
    }
    const list = featureList(f.text, o.bits);
    const negs: Sample[] = [];
    for (const [s, e, outside] of list.segments) {
      const alone = aloneBucket(o.bits, outside);
      const counts = windowCounts(list, s, e);
      let total = 0;
      for (const c of counts.values()) total += c;
      const norm = 1 / Math.sqrt(Math.max(1, total));
      // ALONE is a flag of the whole text, not a feature of the segment: value 1, outside the normalisation.
      const vals = new Map<number, number>();
      for (const [k, c] of counts) vals.set(k, c * norm);
      if (alone >= 0) vals.set(alone, (vals.get(alone) ?? 0) + 1);
      const keys = [...vals.keys()].sort((x, y) => x - y);
      const sample = {
        idx: Int32Array.from(keys),
        val: Float32Array.from(keys.map((k) => vals.get(k) as number)),
        y: isPositive(s, e, attack) ? 1 : 0,
      };
      if (sample.y === 1) out.push(sample);
      else if (!attack || !(Math.min(e, attack[1]) > Math.max(s, attack[0]))) negs.push(sample);
    }
    // A clean document gives all its segments (they are the hard negatives: ordinary sentences around which
    // attacks are planted); a planted one a few of its clean segments (the same sentences again).
    out.push(...(attack ? shuffled(negs, rand).slice(0, o.negPerDoc) : negs.slice(0, o.negCleanDoc)));
  }
  return out;
}

export function trainLinear(
  samples: readonly Sample[],
  o: TrainOptions,
): { weights: Float32Array; bias: number } {
  const w = new Float64Array(1 << o.bits);
  const g2 = new Float64Array(1 << o.bits).fill(1e-8);
  let b = 0;
  let gb = 1e-8;
  const pos = samples.filter((s) => s.y === 1).length;
  const neg = samples.length - pos;
  // Balanced class weights: the data has far more clean windows than attack windows.
  const cw = [samples.length / (2 * Math.max(1, neg)), samples.length / (2 * Math.max(1, pos))];
  const rand = mulberry32(o.seed);
  const order = samples.map((_, i) => i);
  for (let ep = 0; ep < o.epochs; ep++) {
    for (const i of shuffled(order, rand)) {
      const s = samples[i] as Sample;
      let z = b;
      for (let k = 0; k < s.idx.length; k++) z += (w[s.idx[k] as number] as number) * (s.val[k] as number);
      const p = 1 / (1 + Math.exp(-z));
      const g = (p - s.y) * (cw[s.y] as number);
      for (let k = 0; k < s.idx.length; k++) {
        const j = s.idx[k] as number;
        const gj = g * (s.val[k] as number) + o.l2 * (w[j] as number);
        g2[j]! += gj * gj;
        w[j]! -= (o.lr * gj) / Math.sqrt(g2[j] as number);
      }
      gb += g * g;
      b -= (o.lr * g) / Math.sqrt(gb);
    }
  }
  return { weights: Float32Array.from(w), bias: b };
}

export function trainModel(
  docs: readonly TrainDoc[],
  o: TrainOptions,
  fold: (t: string) => { text: string; map: Int32Array },
  threshold = 0.5,
  meta: Record<string, unknown> = {},
): LinearModel {
  const { weights, bias } = trainLinear(buildSamples(docs, o, fold), o);
  return { bits: o.bits, bias, weights, window: o.window, stride: o.stride, threshold, meta };
}
