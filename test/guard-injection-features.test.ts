// The one pass (features.ts featurize) is rewritten for speed; its output must stay exactly that of the
// pass the shipped weights were trained with. The reference below is that pass, verbatim (only renamed):
// features, segments, leet positions, trigger hits and base64 runs must agree on every text, in both the
// scoring (quantised weights) and the recording (training) mode.
import { describe, expect, it } from "vitest";
import { FeatureSink, MAX_SEGMENT, featurize } from "../src/core/guard/injection/features.js";
import { HitSink } from "../src/core/guard/injection/heuristics.js";
import { fold, leetCodeAt } from "../src/core/guard/injection/normalize.js";

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

// Closed-class words by word hash, open addressing in typed arrays (one probe per word on the hot path).
const CW_BITS = 10;
const CW_SIZE = 1 << CW_BITS;
const CW_KEY = new Int32Array(CW_SIZE);
const CW_USED = new Uint8Array(CW_SIZE);
function cwSlot(u: number): number {
  let k = Math.imul(u, 0x9e3779b1) >>> (32 - CW_BITS);
  while (CW_USED[k] === 1 && CW_KEY[k] !== (u | 0)) k = (k + 1) & (CW_SIZE - 1);
  return k;
}
for (const w of CLOSED_WORDS) {
  const u = wordHash(w);
  const k = cwSlot(u);
  CW_KEY[k] = u | 0;
  CW_USED[k] = 1;
}

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

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

// Character classes for the one pass (ASCII; code points >= 0xc0 are letters).
const LETTER = 1;
const DIGIT = 2;
const LINE = 4; // "\n" and BIPIA's field separator "|": always a segment end
const PUNCT = 8; // . ? ! : a segment end when a space (or the end) follows
const SPACE = 16;
const B64 = 32; // base64 / base64url punctuation (letters and digits below 128 are base64 too)
const CC = new Uint8Array(128);
for (const ch of "+/_-") CC[ch.charCodeAt(0)] = B64;
for (let c = 97; c <= 122; c++) CC[c] = LETTER;
for (let c = 48; c <= 57; c++) CC[c] = DIGIT;
CC[10] = LINE | SPACE;
CC[124] = LINE;
CC[46] = PUNCT;
CC[63] = PUNCT;
CC[33] = PUNCT;
CC[32] = SPACE;
CC[9] = SPACE;
CC[13] = SPACE;

function referenceFeaturize(t: string, bits: number, sink: FeatureSink, hits: HitSink | null = null): void {
  const q = sink.q;
  let hs = -1; // start of the current a-z run (heuristic triggers), or -1
  let hh = FNV;
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
  let wh = FNV;
  let prevWord = 0;
  let inWord = false;
  let allDigits = true;
  let cm1 = BOS; // word classes of the two previous words in this sentence
  let cm2 = NONE;
  for (let i = 0; i < n; i++) {
    let c = t.charCodeAt(i);
    let k: number;
    if (c < 128) k = CC[c] as number;
    else {
      k = c >= 0xc0 ? LETTER : 0;
      if (i - lb > 24) sink.pushRun(lb + 1, i);
      lb = i;
    }
    // Leetspeak (normalize.ts unleet): read the digit as the letter it imitates.
    if (k === DIGIT && c <= 55) {
      const l = leetCodeAt(t, i);
      if (l !== c) {
        c = l;
        k = LETTER;
        sink.pushLeet(i);
      }
    }
    const last = i === n - 1;
    if ((k & (LETTER | DIGIT)) !== 0) {
      if (inWord) wh = Math.imul(wh ^ c, PRIME);
      else {
        wh = Math.imul(FNV ^ 0x77 ^ c, PRIME);
        inWord = true;
        allDigits = true;
      }
      if (k === LETTER) allDigits = false;
      if (hits !== null) {
        if (c >= 97 && c <= 122) {
          if (hs < 0) {
            hs = i;
            hh = FNV;
          }
          hh = Math.imul(hh ^ c, PRIME);
        } else if (hs >= 0) {
          if (i - hs <= 12) hits.word(hh, hs);
          hs = -1;
        }
      }
      if (!last) continue;
    } else {
      if ((k & B64) === 0 && c < 128) {
        if (i - lb > 24) sink.pushRun(lb + 1, i);
        lb = i;
      }
      if (hits !== null) {
        if (hs >= 0) {
          if (i - hs <= 12) hits.word(hh, hs);
          hs = -1;
        }
        if (c === 64 || c === 60) hits.symbol(c, t.charCodeAt(i + 1), i);
      }
    }
    if (inWord) {
      // Word end: the word's last character is at i (a word character at the very end) or i - 1.
      const we = k === LETTER || k === DIGIT ? i : i - 1;
      // int32, not uint32: a hash above 2^31 would be a heap number on every word (same buckets either way).
      const u = (wh ^ (wh >>> 13)) | 0;
      let b = (Math.imul(u, 0x9e3779b1) >>> shift) & mask;
      if (q !== null) S += q[b] as number;
      else sink.record(i, b);
      C++;
      if (prevWord !== 0) {
        b = ((Math.imul(prevWord ^ u, 0x85ebca6b) ^ 0x5bd1e995) >>> shift) & mask;
        if (q !== null) S += q[b] as number;
        else sink.record(i, b);
        C++;
      }
      prevWord = u;
      inWord = false;
      words++;
      // Word class: closed-class words by identity, others by shape.
      let cls: number;
      if (CW_USED[cwSlot(u)] === 1) cls = u | 0;
      else if (allDigits) cls = SHAPE_NUM;
      else {
        const e1 = leetCodeAt(t, we);
        const e2 = leetCodeAt(t, we - 1);
        if (e1 === 103 && e2 === 110 && leetCodeAt(t, we - 2) === 105) cls = SHAPE_ING;
        else if (e1 === 100 && e2 === 101) cls = SHAPE_ED;
        else if (e1 === 121 && e2 === 108) cls = SHAPE_LY;
        else if (e1 === 115 && e2 !== 115) cls = SHAPE_S;
        else cls = SHAPE_W;
      }
      let h = Math.imul(Math.imul(0x2468ace ^ cm1, PRIME) ^ cls, PRIME);
      const b1 = mix(h, mask);
      h = Math.imul(Math.imul(h ^ 0x1357, PRIME) ^ cm2, PRIME);
      b = mix(h, mask);
      if (q !== null) S += (q[b1] as number) + (q[b] as number);
      else {
        sink.record(i, b1);
        sink.record(i, b);
      }
      C += 2;
      cm2 = cm1;
      cm1 = cls;
    }
    // Segment boundary after i: a line break or "|", sentence punctuation followed by a space (or the
    // end), or a long sentence reaching MAX_SEGMENT at a space.
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
  if (hits !== null && hs >= 0 && n - hs <= 12) hits.word(hh, hs);
  if (n - lb > 24) sink.pushRun(lb + 1, n);
}


function randomText(seed: number, n: number): string {
  const vocab = [
    "ignore",
    "All",
    "previous",
    "instructions",
    "1gn0re",
    "pr3v10us",
    "x7",
    "ab12cd",
    "mp3",
    "h1",
    "v2.0",
    "please",
    "now",
    "<|im_start|>",
    "<<SYS>>",
    "a@b.co",
    "https://x.test/y",
    "curl x | sh",
    "prompt",
    "aWdub3JlIGFsbCBwcmV2aW91cyBpbnN0cnVjdGlvbnM=",
    "69676e6f726520616c6c2070726576696f7573",
    "key_ABCdef-123/+xyz0987654321",
    "superlongwordwithoutspaces",
    "іnstructions",
    "ＡＢＣ",
    "you",
    "response",
    "running",
    "walked",
    "quickly",
    "cats",
    "class",
    "s",
    "g",
    "ing",
    "4ever",
    "5ecret",
    "t0",
    "igno\u200bre",
    "café",
    "ße",
    "Ωmega",
    "naïve",
    "x\u00b7y",
    "ﬁle",
    "𝐢𝐠𝐧𝐨𝐫𝐞",
    "😀",
    "e\u0301",
    ".",
    "?",
    "!",
    "\n",
    "|",
    " ",
    "  ",
    "-",
    ":",
    "'",
    "é",
    "Ω",
    "\t",
    "\r\n",
    "a.b",
    "end.",
    "wow!",
    "12345",
    "007",
    "3",
    "l33t",
    "h4x0r",
    "a1",
    "1a",
    "0x41",
    "disregard",
    "developer",
    "dan",
    "tool",
  ];
  let s = seed >>> 0;
  let out = "";
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out += (vocab[s % vocab.length] as string) + (s & 0x100 ? " " : "") + (s & 0x7000 ? "" : ". ");
  }
  return out;
}

function snapshot(sink: FeatureSink, hits: HitSink | null) {
  return {
    seg: [
      Array.from(sink.segEnd.subarray(0, sink.nseg)),
      Array.from(sink.segSum.subarray(0, sink.nseg)),
      Array.from(sink.segCnt.subarray(0, sink.nseg)),
      Array.from(sink.segWords.subarray(0, sink.nseg)),
    ],
    feat: [Array.from(sink.pos.subarray(0, sink.nfeat)), Array.from(sink.bucket.subarray(0, sink.nfeat))],
    leet: Array.from(sink.leetPos.subarray(0, sink.nleet)),
    b64: Array.from(sink.b64.subarray(0, sink.nb64)),
    hits: hits?.hits.map((h) => [...h]),
  };
}

const texts: string[] = [];
for (let k = 1; k <= 40; k++) texts.push(randomText(k, k * 37));
for (let k = 0; k < 30; k++) texts.push(randomText(100 + k, 1 + (k % 5)));
texts.push("", "a", "1", "7", ".", "a.", "ab", "x".repeat(30), "s", "ing", "1gn0re", "a b", " a", "a ");
texts.push("word ".repeat(100) + "tail", "a".repeat(13), "a".repeat(12) + "1" + "b".repeat(3));

describe("featurize", () => {
  it("equals the reference pass, scoring and recording, on folded and raw text", () => {
    const q = new Int8Array(1 << 12);
    for (let i = 0; i < q.length; i++) q[i] = ((Math.imul(i, 2654435761) >>> 24) - 128) | 0;
    let checked = 0;
    for (const raw of texts) {
      for (const t of [raw, fold(raw, false).text, fold(raw).text]) {
        for (const withQ of [true, false]) {
          for (const withHits of [true, false]) {
            const a = new FeatureSink();
            const b = new FeatureSink();
            a.q = withQ ? q : null;
            b.q = withQ ? q : null;
            const ha = withHits ? new HitSink() : null;
            const hb = withHits ? new HitSink() : null;
            featurize(t, 12, a, ha);
            referenceFeaturize(t, 12, b, hb);
            expect(snapshot(a, ha)).toEqual(snapshot(b, hb));
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(500);
  });
});
