// The linear injection model: weights over hashed features, a bias, and the window layout it was
// trained with. Scoring normalises a segment's sum by sqrt(feature count), exactly as training does.
import { base64ToBytes, bytesToBase64 } from "../engine/base64.js";
import { FeatureSink, aloneBucket, featurize, forEachSegment } from "./features.js";
import type { HitSink } from "./heuristics.js";

export interface LinearModel {
  bits: number;
  bias: number;
  weights: Float32Array;
  window: number;
  stride: number;
  /** Decision threshold on the final injection score, chosen on a validation split of the training side. */
  threshold: number;
  meta: Record<string, unknown>;
  /** Quantised weights (weights = q * scale) when decoded from the shipped form: a 4x smaller table to read. */
  q?: Int8Array;
  scale?: number;
}

/** Shipped form: int8-quantised weights in base64 (weights = q * scale). */
export interface EncodedModel {
  version: 1;
  bits: number;
  bias: number;
  scale: number;
  window: number;
  stride: number;
  threshold: number;
  meta: Record<string, unknown>;
  q: string;
}

export function encodeModel(m: LinearModel): EncodedModel {
  let max = 0;
  for (const w of m.weights) max = Math.max(max, Math.abs(w));
  const scale = max > 0 ? max / 127 : 1;
  const q = new Uint8Array(m.weights.length);
  for (let i = 0; i < m.weights.length; i++) q[i] = Math.round((m.weights[i] as number) / scale) & 0xff;
  return {
    version: 1,
    bits: m.bits,
    bias: m.bias,
    scale,
    window: m.window,
    stride: m.stride,
    threshold: m.threshold,
    meta: m.meta,
    q: bytesToBase64(q),
  };
}

export function decodeModel(e: EncodedModel): LinearModel {
  const bytes = base64ToBytes(e.q);
  const weights = new Float32Array(1 << e.bits);
  for (let i = 0; i < weights.length; i++) {
    const b = bytes[i] ?? 0;
    weights[i] = (b > 127 ? b - 256 : b) * e.scale;
  }
  return {
    bits: e.bits,
    bias: e.bias,
    weights,
    q:
      bytes.length >= weights.length
        ? new Int8Array(bytes.buffer, bytes.byteOffset, weights.length)
        : undefined,
    scale: e.scale,
    window: e.window,
    stride: e.stride,
    threshold: e.threshold,
    meta: e.meta,
  };
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

export interface WindowScore {
  start: number;
  end: number;
  p: number;
}

/** Probability of injection for every segment of a folded text, in one pass. */
export function scoreWindows(m: LinearModel, folded: string): WindowScore[] {
  const out: WindowScore[] = [];
  forEachWindow(m, folded, (start, end, p) => {
    out.push({ start, end, p });
  });
  return out;
}

// One scratch for the scanner's calls (the core is single-threaded per isolate and featurize is not
// reentrant): no allocation per call once it has grown to the largest text seen.
const SCRATCH = new FeatureSink();

/**
 * `emit(start, end, p)` for every segment of a folded text (features.ts), in order. With quantised weights
 * (the shipped form) the pass sums integers; otherwise it uses the float weights (reference path).
 */
export function forEachWindow(
  m: LinearModel,
  folded: string,
  emit: (start: number, end: number, p: number) => void,
): void {
  scoreSegments(m, folded, emit, null);
}

/**
 * forEachWindow over a lower-cased text that may still hold leetspeak (fold(text, false)), collecting
 * heuristic trigger hits in the same pass when `hits` is given. Returns the pass's sink, whose leet
 * positions say where `unleet` of the text differs (read it before the next call: the sink is reused).
 */
export function scoreSegments(
  m: LinearModel,
  folded: string,
  emit: (start: number, end: number, p: number) => void,
  hits: HitSink | null,
): FeatureSink {
  const sink = SCRATCH;
  const n = folded.length;
  if (m.q !== undefined && m.scale !== undefined) {
    const q = m.q;
    sink.q = q;
    featurize(folded, m.bits, sink, hits);
    const scale = m.scale;
    forEachSegment(sink, n, (s, e, sum, cnt, outside) => {
      const a = aloneBucket(m.bits, outside);
      const z =
        m.bias + (sum * scale) / Math.sqrt(Math.max(1, cnt)) + (a >= 0 ? (q[a] as number) * scale : 0);
      emit(s, e, sigmoid(z));
    });
    return sink;
  }
  sink.q = null;
  featurize(folded, m.bits, sink, hits);
  const pos = sink.pos;
  const bucket = sink.bucket;
  const w = m.weights;
  // Prefix sums over recorded features, read at segment ends.
  const segs: Array<[number, number, number]> = [];
  forEachSegment(sink, n, (s, e, _sum, _cnt, outside) => segs.push([s, e, outside]));
  let k = 0;
  for (const [s, e, outside] of segs) {
    const a = aloneBucket(m.bits, outside);
    while (k < sink.nfeat && (pos[k] as number) < s) k++;
    let sum = 0;
    let cnt = 0;
    while (k < sink.nfeat && (pos[k] as number) < e) {
      sum += w[bucket[k] as number] as number;
      cnt++;
      k++;
    }
    const z = m.bias + sum / Math.sqrt(Math.max(1, cnt)) + (a >= 0 ? (w[a] as number) : 0);
    emit(s, e, sigmoid(z));
  }
  return sink;
}
