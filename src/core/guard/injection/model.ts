// The linear injection model: weights over hashed features, a bias, and the window layout it was
// trained with. Scoring normalises a window's sum by sqrt(feature count), exactly as training does.
import { base64ToBytes, bytesToBase64 } from "../engine/base64.js";
import { forEachFeature, windows } from "./features.js";

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

/** Probability of injection for every window of a folded text, in one pass. */
export function scoreWindows(m: LinearModel, folded: string): WindowScore[] {
  const out: WindowScore[] = [];
  forEachWindow(m, folded, (start, end, p) => {
    out.push({ start, end, p });
  });
  return out;
}

/** `emit(start, end, p)` for every window of a folded text, in order, without building window objects. */
export function forEachWindow(
  m: LinearModel,
  folded: string,
  emit: (start: number, end: number, p: number) => void,
): void {
  if (m.q !== undefined && m.scale !== undefined && m.window % m.stride === 0) {
    scoreWindowsFast(m, folded, emit);
    return;
  }
  for (const w of scoreWindowsSlow(m, folded)) emit(w.start, w.end, w.p);
}

function scoreWindowsSlow(m: LinearModel, folded: string): WindowScore[] {
  const n = folded.length;
  const sum = new Float64Array(n + 1);
  const cnt = new Int32Array(n + 1);
  const w = m.weights;
  forEachFeature(folded, m.bits, (pos, b) => {
    sum[pos + 1]! += w[b] as number;
    cnt[pos + 1]!++;
  });
  for (let i = 1; i <= n; i++) {
    sum[i]! += sum[i - 1] as number;
    cnt[i]! += cnt[i - 1] as number;
  }
  return windows(n, m.window, m.stride).map(([s, e]) => {
    const c = (cnt[e] as number) - (cnt[s] as number);
    const z = m.bias + ((sum[e] as number) - (sum[s] as number)) / Math.sqrt(Math.max(1, c));
    return { start: s, end: e, p: sigmoid(z) };
  });
}

const FNV = 0x811c9dc5;
const PRIME = 0x01000193;

/**
 * The same features as forEachFeature (features.ts; test/guard-scanners.test.ts checks the two agree), hashed
 * inline over char codes with integer weights, keeping prefix sums only at window boundaries (multiples of
 * the stride, and n - window): no closure call, no substring, no per-character arrays.
 */
function scoreWindowsFast(
  m: LinearModel,
  t: string,
  emit: (start: number, end: number, p: number) => void,
): void {
  const n = t.length;
  const q = m.q as Int8Array;
  const bits = m.bits;
  const mask = (1 << bits) - 1;
  const shift = 32 - bits;
  const stride = m.stride;
  const W = m.window;
  const nb = Math.floor(n / stride) + 1;
  const bs = new Float64Array(nb + 1); // integer sums, may pass 2^31 on long texts
  const bc = new Int32Array(nb + 1);
  const tail = n - W; // start of the last window (when n > W)
  let tailS = 0;
  let tailC = 0;
  let S = 0;
  let C = 0;
  let wordHash = FNV;
  let prevWord = 0;
  let inWord = false;
  let c1 = 0; // previous char codes: i-1 .. i-4
  let c2 = 0;
  let c3 = 0;
  let c4 = 0;
  for (let i = 0; i < n; i++) {
    if (i % stride === 0) {
      const b = i / stride;
      bs[b] = S;
      bc[b] = C;
    }
    if (i === tail) {
      tailS = S;
      tailC = C;
    }
    const c = t.charCodeAt(i);
    if (i >= 2) {
      let h = Math.imul(FNV ^ 0x33 ^ c, PRIME);
      h = Math.imul(h ^ c1, PRIME);
      h = Math.imul(h ^ c2, PRIME);
      S += q[(h ^ (h >>> 15) ^ 2) & mask] as number;
      C++;
      if (i >= 3) {
        h = Math.imul(h ^ c3, PRIME);
        S += q[(h ^ (h >>> 15) ^ 3) & mask] as number;
        C++;
        if (i >= 4) {
          h = Math.imul(h ^ c4, PRIME);
          S += q[(h ^ (h >>> 15) ^ 4) & mask] as number;
          C++;
        }
      }
    }
    const w = (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c >= 0xc0;
    if (w) {
      wordHash = Math.imul((inWord ? wordHash : FNV ^ 0x77) ^ c, PRIME);
      inWord = true;
    }
    if (inWord && (!w || i === n - 1)) {
      const u = (wordHash ^ (wordHash >>> 13)) >>> 0;
      S += q[(Math.imul(u, 0x9e3779b1) >>> shift) & mask] as number;
      C++;
      if (prevWord !== 0) {
        S += q[((Math.imul(prevWord ^ u, 0x85ebca6b) ^ 0x5bd1e995) >>> shift) & mask] as number;
        C++;
      }
      prevWord = u;
      inWord = false;
    }
    c4 = c3;
    c3 = c2;
    c2 = c1;
    c1 = c;
  }
  const scale = m.scale as number;
  const bias = m.bias;
  const win = (s: number, sumS: number, cntS: number, e: number, sumE: number, cntE: number): void => {
    const z = bias + ((sumE - sumS) * scale) / Math.sqrt(Math.max(1, cntE - cntS));
    emit(s, e, sigmoid(z));
  };
  if (n <= W) {
    win(0, 0, 0, n, S, C);
    return;
  }
  for (let s = 0; s + W < n; s += stride) {
    const a = s / stride;
    const b = (s + W) / stride;
    win(s, bs[a] as number, bc[a] as number, s + W, bs[b] as number, bc[b] as number);
  }
  win(tail, tailS, tailC, n, S, C);
}
