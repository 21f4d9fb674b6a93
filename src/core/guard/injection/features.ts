// Hashed features for the injection classifier, shared by training and inference: both call `featurize`,
// so the two can never disagree. Scoring units are segments (sentences, lines, capped at MAX_SEGMENT), not
// fixed windows: a planted instruction is usually one sentence, and a fixed window dilutes it with the
// document around it.
//
// Features of the folded text, each hashed into 2^bits buckets and belonging to the position where it ends:
// - word 1- and 2-grams (what an attack says: topic and wording). Character n-grams were dropped: on the
//   training side's category-held-out cross-validation (bench/guard/dev-injection-cv.ts) they did not
//   help (text-family TPR 0.70 without, 0.64-0.68 with 4-grams or 3-5-grams) and cost most of the pass;
//   misspellings and look-alike letters are the normaliser's and the heuristics' job;
// - word-class 2- and 3-grams within a sentence, where a closed-class word (pronoun, determiner,
//   preposition, question word, auxiliary, "please") keeps its identity and every other word becomes its
//   shape (plain, -ing, -ed, -ly, -s, number), with sentence start and end marks. These say how a sentence
//   is built rather than what it is about: "<start> W the W of W", "W your W", "what is the W of W ?" is a
//   request addressed to a reader whatever the topic, which is what carries over to attack kinds not seen in
//   training (a topic word only recognises the attacks it was trained on);
// - ALONE, added by the scorer to a segment with little text around it: a lone request is what a user sends, the same
//   request inside a document is what an injection looks like. Without it, benign requests (training
//   negatives) and planted requests (positives) are the same sentence with opposite labels.
// The closed-class list is plain English grammar, written without looking at evaluation data.
//
// For speed the same pass also reads leetspeak (so the caller need not build the unleet string unless there
// is some), collects the heuristics' trigger words and finds base64-alphabet runs for decode.ts: one read
// of the text instead of four (test/guard-injection-pass.test.ts checks each equals its separate pass).

import { TRIGGER_WORDS, type HitSink } from "./heuristics.js";
import { leetCodeAt } from "./normalize.js";

export const DEFAULT_BITS = 16;
/** Longest segment: a longer sentence is cut at the next space after this many characters. */
export const MAX_SEGMENT = 320;

const FNV = 0x811c9dc5;
const PRIME = 0x01000193;

const CLOSED_WORDS = (
  "i me my mine myself you your yours yourself we us our ours he him his she her it its they them their " +
  "theirs this that these those the a an some any all every each no none both either neither few many " +
  "much more most other another such in on at to for with about from by of into onto over under after " +
  "before between through during without within upon as like than via per across against and or but nor " +
  "so yet if then because while when whenever where whether though although unless until what which who " +
  "whom whose why how am is are was were be been being do does did done have has had having can could " +
  "will would shall should may might must not don t s please let kindly here there now also just only " +
  "very too again yes ok hi hello dear thanks thank regards best"
).split(" ");

function wordHash(w: string): number {
  let h = FNV ^ 0x77;
  for (let i = 0; i < w.length; i++) h = Math.imul(h ^ w.charCodeAt(i), PRIME);
  return (h ^ (h >>> 13)) >>> 0;
}

// Per word, one probe in one table keyed by the word hash: whether it is a closed-class word, and which
// heuristics it triggers (heuristics.ts TRIGGER_WORDS, for words of a-z letters only). Open addressing in
// typed arrays; the slot comes from the same multiply as the word's bucket.
const WT_BITS = 10;
const WT_SIZE = 1 << WT_BITS;
const WT_KEY = new Int32Array(WT_SIZE);
const WT_VAL = new Int32Array(WT_SIZE); // 0 = empty slot
const CLOSED = 1 << 30; // above every trigger bit
const TRIGGER_BITS = CLOSED - 1;
const HASH_MUL = 0x9e3779b1;
function wtSlot(u: number): number {
  let k = Math.imul(u, HASH_MUL) >>> (32 - WT_BITS);
  while (WT_VAL[k] !== 0 && WT_KEY[k] !== u) k = (k + 1) & (WT_SIZE - 1);
  return k;
}
function wtAdd(w: string, v: number): void {
  const u = wordHash(w) | 0;
  const k = wtSlot(u);
  WT_KEY[k] = u;
  WT_VAL[k] = (WT_VAL[k] as number) | v;
}
for (const w of CLOSED_WORDS) wtAdd(w, CLOSED);
for (const [w, m] of TRIGGER_WORDS) wtAdd(w, m);

// Word shapes and sentence marks (small integers; closed-class words use their hash, never this small
// in practice, and a clash would only merge two features).
const SHAPE_W = 1;
const SHAPE_ING = 2;
const SHAPE_ED = 3;
const SHAPE_LY = 4;
const SHAPE_S = 5;
const SHAPE_NUM = 6;
const BOS = 7;
const EOS_DOT = 8;
const EOS_Q = 9;
const EOS_EXCL = 10;
const EOS_LINE = 11;
const NONE = 12;

function mix(h: number, mask: number): number {
  return (h ^ (h >>> 15)) & mask;
}

/**
 * Bucket of the ALONE feature (see the header) for a segment of a text, given how many characters of the
 * text lie outside the segment: none when the segment sits in a document (200 or more characters around
 * it), else one of two levels (a short message, a message with a little around it).
 */
export function aloneBucket(bits: number, outside: number): number {
  if (outside >= 200) return -1;
  return mix(Math.imul(0x5a5a5a5a ^ (outside < 80 ? 0x41 : 0x42), PRIME), (1 << bits) - 1);
}

/**
 * Where features go: scoring accumulates quantised weights and keeps prefix sums at segment ends; training
 * records every (position, bucket). One growable scratch per caller, reused across texts.
 */
export class FeatureSink {
  /** Quantised weights to sum, or null to record features instead. */
  q: Int8Array | null = null;
  /** Segment ends (exclusive) and, at each, the running weight sum, feature count and word count. */
  segEnd = new Int32Array(64);
  segSum = new Float64Array(64);
  segCnt = new Int32Array(64);
  segWords = new Int32Array(64);
  nseg = 0;
  /** Recorded features (training). */
  pos = new Int32Array(1024);
  /** Positions where the last pass read leetspeak (a digit as a letter): unleet of the text differs there. */
  leetPos = new Int32Array(64);
  nleet = 0;
  /**
   * Runs of at least 24 base64-alphabet characters ([start, end) pairs), as decode.ts longRuns finds them
   * (lower-casing keeps membership, so they hold for the original text when folding kept offsets).
   */
  b64 = new Int32Array(32);
  nb64 = 0;

  pushRun(a: number, b: number): void {
    if (this.nb64 + 2 > this.b64.length) this.b64 = grow(this.b64, this.b64.length * 2);
    this.b64[this.nb64++] = a;
    this.b64[this.nb64++] = b;
  }

  pushLeet(i: number): void {
    if (this.nleet === this.leetPos.length) this.leetPos = grow(this.leetPos, this.nleet * 2);
    this.leetPos[this.nleet++] = i;
  }
  bucket = new Int32Array(1024);
  nfeat = 0;

  pushSeg(end: number, sum: number, cnt: number, words: number): void {
    if (this.nseg === this.segEnd.length) {
      const n = this.nseg * 2;
      this.segEnd = grow(this.segEnd, n);
      this.segSum = growF(this.segSum, n);
      this.segCnt = grow(this.segCnt, n);
      this.segWords = grow(this.segWords, n);
    }
    this.segEnd[this.nseg] = end;
    this.segSum[this.nseg] = sum;
    this.segCnt[this.nseg] = cnt;
    this.segWords[this.nseg] = words;
    this.nseg++;
  }

  record(p: number, b: number): void {
    if (this.nfeat === this.pos.length) {
      this.pos = grow(this.pos, this.nfeat * 2);
      this.bucket = grow(this.bucket, this.nfeat * 2);
    }
    this.pos[this.nfeat] = p;
    this.bucket[this.nfeat] = b;
    this.nfeat++;
  }
}

function grow(a: Int32Array, n: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}
function growF(a: Float64Array, n: number): Float64Array<ArrayBuffer> {
  const b = new Float64Array(n);
  b.set(a);
  return b;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

// Character classes for the one pass (ASCII; code points >= 0xc0 are letters, HIGH marks them).
const LETTER = 1;
const DIGIT = 2;
const LINE = 4; // "\n" and BIPIA's field separator "|": always a segment end
const PUNCT = 8; // . ? ! : a segment end when a space (or the end) follows
const SPACE = 16;
const B64 = 32; // base64 / base64url punctuation (letters and digits below 128 are base64 too)
const LEETD = 64; // a digit leetspeak may read as a letter (0 1 3 4 5 7)
const HIGH = 128; // a letter at or above 0xc0 (not LETTER: a word of such letters holds no a-z run)
const WORD = LETTER | DIGIT;
const CC = new Uint8Array(128);
for (const ch of "+/_-") CC[ch.charCodeAt(0)] = B64;
for (let c = 97; c <= 122; c++) CC[c] = LETTER;
for (let c = 48; c <= 57; c++) CC[c] = DIGIT;
for (const ch of "013457") CC[ch.charCodeAt(0)] = DIGIT | LEETD;
CC[10] = LINE | SPACE;
CC[124] = LINE;
CC[46] = PUNCT;
CC[63] = PUNCT;
CC[33] = PUNCT;
CC[32] = SPACE;
CC[9] = SPACE;
CC[13] = SPACE;

const W0 = FNV ^ 0x77; // word hash seed (wordHash)

/**
 * One pass over a folded text: every feature, and the segment boundaries. With `sink.q` set, sums weights
 * (no per-feature call, no allocation beyond the sink's growth); otherwise records the features.
 * A character inside a word costs one table read, one multiply and one OR; everything else happens once
 * per word, at the character after it (or after the loop, for a word that ends the text).
 * INVARIANT: deterministic, pure, linear in text length; the features, segments, leet positions, trigger
 * hits and base64 runs are those of the reference pass kept in test/guard-injection-features.test.ts.
 */
export function featurize(t: string, bits: number, sink: FeatureSink, hits: HitSink | null = null): void {
  const q = sink.q;
  const mask = (1 << bits) - 1;
  const shift = 32 - bits;
  const n = t.length;
  sink.nseg = 0;
  sink.nfeat = 0;
  sink.nleet = 0;
  sink.nb64 = 0;
  let lb = -1; // last character outside the base64 alphabet
  let S = 0;
  let C = 0;
  let words = 0;
  let segStart = 0;
  let wh = W0; // hash of the current word so far (W0 between words)
  let kor = 0; // classes of the current word's characters, OR-ed (0 between words)
  let lastNon = -1; // last character that is not part of a word
  let prevWord = 0;
  let cm1 = BOS; // word classes of the two previous words in this sentence
  let cm2 = NONE;
  for (let i = 0; ; i++) {
    let c = 0;
    let k = 0;
    if (i < n) {
      c = t.charCodeAt(i);
      if (c >= 97 && c <= 122) {
        // The common case, a run of a-z letters, in a tight loop (no class table, no leetspeak test).
        wh = Math.imul(wh ^ c, PRIME);
        kor |= LETTER;
        while (i + 1 < n) {
          const d = t.charCodeAt(i + 1);
          if (d < 97 || d > 122) break;
          wh = Math.imul(wh ^ d, PRIME);
          i++;
        }
        continue;
      }
      if (c < 128) {
        k = CC[c] as number;
        if ((k & WORD) !== 0) {
          // Leetspeak (normalize.ts unleet): read the digit as the letter it imitates.
          if ((k & LEETD) !== 0) {
            const l = leetCodeAt(t, i);
            if (l !== c) {
              c = l;
              k = LETTER;
              sink.pushLeet(i);
            }
          }
          wh = Math.imul(wh ^ c, PRIME);
          kor |= k;
          continue;
        }
        if ((k & B64) === 0) {
          if (i - lb > 24) sink.pushRun(lb + 1, i);
          lb = i;
        }
      } else {
        if (i - lb > 24) sink.pushRun(lb + 1, i);
        lb = i;
        if (c >= 0xc0) {
          wh = Math.imul(wh ^ c, PRIME);
          kor |= HIGH;
          continue;
        }
      }
    } else if (lastNon === n - 1) break;
    // Here i is a character outside words, or n: the word [lastNon + 1, i), if any, has ended.
    const ws = lastNon + 1;
    if (ws < i) {
      const rp = i < n ? i : n - 1; // where the word's features are recorded (training)
      // int32, not uint32: a hash above 2^31 would be a heap number on every word (same buckets either way).
      const u = (wh ^ (wh >>> 13)) | 0;
      const hu = Math.imul(u, HASH_MUL);
      let b = (hu >>> shift) & mask;
      if (q !== null) S += q[b] as number;
      else sink.record(rp, b);
      C++;
      if (prevWord !== 0) {
        b = ((Math.imul(prevWord ^ u, 0x85ebca6b) ^ 0x5bd1e995) >>> shift) & mask;
        if (q !== null) S += q[b] as number;
        else sink.record(rp, b);
        C++;
      }
      prevWord = u;
      words++;
      let slot = hu >>> (32 - WT_BITS);
      while (WT_VAL[slot] !== 0 && WT_KEY[slot] !== u) slot = (slot + 1) & (WT_SIZE - 1);
      const v = WT_VAL[slot] as number;
      if (hits !== null) {
        // Trigger words are a-z runs: a word of a-z letters only is one (looked up by its hash above);
        // a word with digits or other letters is split into its a-z runs here.
        if (kor === LETTER) {
          if ((v & TRIGGER_BITS) !== 0 && i - ws <= 12) hits.addMask(v & TRIGGER_BITS, ws);
        } else if ((kor & LETTER) !== 0) azRuns(t, ws, i, hits);
      }
      // Word class: closed-class words by identity, others by shape.
      let cls: number;
      if ((v & CLOSED) !== 0) cls = u;
      else if ((kor & (LETTER | HIGH)) === 0) cls = SHAPE_NUM;
      else {
        const we = i - 1;
        const e1 = leetAt(t, we);
        if (e1 === 103) cls = leetAt(t, we - 1) === 110 && leetAt(t, we - 2) === 105 ? SHAPE_ING : SHAPE_W;
        else if (e1 === 100) cls = leetAt(t, we - 1) === 101 ? SHAPE_ED : SHAPE_W;
        else if (e1 === 121) cls = leetAt(t, we - 1) === 108 ? SHAPE_LY : SHAPE_W;
        else if (e1 === 115) cls = leetAt(t, we - 1) !== 115 ? SHAPE_S : SHAPE_W;
        else cls = SHAPE_W;
      }
      let h = Math.imul(Math.imul(0x2468ace ^ cm1, PRIME) ^ cls, PRIME);
      const b1 = mix(h, mask);
      h = Math.imul(Math.imul(h ^ 0x1357, PRIME) ^ cm2, PRIME);
      b = mix(h, mask);
      if (q !== null) S += (q[b1] as number) + (q[b] as number);
      else {
        sink.record(rp, b1);
        sink.record(rp, b);
      }
      C += 2;
      cm2 = cm1;
      cm1 = cls;
      wh = W0;
      kor = 0;
      if (i === n) {
        // A word that ends the text ends its last segment.
        sink.pushSeg(n, S, C, words);
        break;
      }
    }
    lastNon = i;
    if (hits !== null && c === 60) hits.symbol(c, t.charCodeAt(i + 1), i);
    // Segment boundary after i: a line break or "|", sentence punctuation followed by a space (or the
    // end), or a long sentence reaching MAX_SEGMENT at a space.
    const last = i === n - 1;
    let eos = 0;
    if ((k & LINE) !== 0) eos = EOS_LINE;
    else if ((k & PUNCT) !== 0) {
      if (last || isSpace(t.charCodeAt(i + 1))) eos = c === 63 ? EOS_Q : c === 33 ? EOS_EXCL : EOS_DOT;
    } else if ((k & SPACE) !== 0 && i + 1 - segStart >= MAX_SEGMENT) eos = NONE;
    if (eos !== 0 || last) {
      if (eos !== 0 && eos !== NONE && cm1 !== BOS) {
        const h2 = Math.imul(Math.imul(Math.imul(0x2468ace ^ cm2, PRIME) ^ cm1, PRIME) ^ eos, PRIME);
        const b2 = mix(h2, mask);
        if (q !== null) S += q[b2] as number;
        else sink.record(i, b2);
        C++;
      }
      sink.pushSeg(i + 1, S, C, words);
      segStart = i + 1;
      if (eos !== NONE) {
        cm1 = BOS;
        cm2 = NONE;
      }
    }
  }
  if (n - lb > 24) sink.pushRun(lb + 1, n);
}

/**
 * leetCodeAt with its common case (not a digit leetspeak could replace) inline. Before the text's start it
 * gives NaN where leetCodeAt may give NaN or undefined: the callers only compare it with letters.
 */
function leetAt(t: string, k: number): number {
  const c = t.charCodeAt(k);
  return c >= 48 && c <= 55 ? leetCodeAt(t, k) : c;
}

/** Trigger hits of the a-z runs (leetspeak read as letters) in [from, to) of a word that is not one. */
function azRuns(t: string, from: number, to: number, hits: HitSink): void {
  let hs = -1;
  let hh = FNV;
  for (let j = from; j <= to; j++) {
    const c = j < to ? leetAt(t, j) : 0;
    if (c >= 97 && c <= 122) {
      if (hs < 0) {
        hs = j;
        hh = FNV;
      }
      hh = Math.imul(hh ^ c, PRIME);
    } else if (hs >= 0) {
      if (j - hs <= 12) hits.word(hh, hs);
      hs = -1;
    }
  }
}

/**
 * Segments of the last featurize call that hold at least one word, with sums and counts taken between the
 * segment's ends, and the number of characters of the text outside the segment.
 */
export function forEachSegment(
  sink: FeatureSink,
  n: number,
  emit: (start: number, end: number, sum: number, count: number, outside: number) => void,
): void {
  let s = 0;
  let sumS = 0;
  let cntS = 0;
  let wS = 0;
  for (let k = 0; k < sink.nseg; k++) {
    const e = sink.segEnd[k] as number;
    const sumE = sink.segSum[k] as number;
    const cntE = sink.segCnt[k] as number;
    const wE = sink.segWords[k] as number;
    if (wE > wS) emit(s, e, sumE - sumS, cntE - cntS, n - (e - s));
    s = e;
    sumS = sumE;
    cntS = cntE;
    wS = wE;
  }
}

/** Every feature of a text and its segments (training side). */
export function featureList(
  text: string,
  bits: number,
): { pos: Int32Array; bucket: Int32Array; segments: Array<[number, number, number]> } {
  const sink = new FeatureSink();
  featurize(text, bits, sink);
  const segments: Array<[number, number, number]> = [];
  forEachSegment(sink, text.length, (s, e, _sum, _cnt, outside) => segments.push([s, e, outside]));
  return {
    pos: sink.pos.slice(0, sink.nfeat),
    bucket: sink.bucket.slice(0, sink.nfeat),
    segments,
  };
}

/** Reference feature stream (tests): `emit(position, bucket)` for every feature, in position order. */
export function forEachFeature(
  text: string,
  bits: number,
  emit: (pos: number, bucket: number) => void,
): void {
  const l = featureList(text, bits);
  for (let i = 0; i < l.pos.length; i++) emit(l.pos[i] as number, l.bucket[i] as number);
}

/** Sparse counts of the features ending in [start, end). */
export function windowCounts(
  list: { pos: Int32Array; bucket: Int32Array },
  start: number,
  end: number,
): Map<number, number> {
  const m = new Map<number, number>();
  // Positions are sorted: binary search for the first feature at or after start.
  let lo = 0;
  let hi = list.pos.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list.pos[mid] as number) < start) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < list.pos.length; i++) {
    const p = list.pos[i] as number;
    if (p >= end) break;
    const b = list.bucket[i] as number;
    m.set(b, (m.get(b) ?? 0) + 1);
  }
  return m;
}
