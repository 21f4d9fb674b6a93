// Hashed n-gram features for the injection classifier, shared by training and inference so the two can
// never disagree. Features: character 3-, 4- and 5-grams and word 1- and 2-grams of the folded text, each
// hashed into 2^bits buckets. A feature belongs to the position where it ends; a window [s, e) holds the
// features ending inside it. That makes a window's linear score a difference of prefix sums: O(1) per
// window, one pass per text.

export const DEFAULT_BITS = 18;

const FNV = 0x811c9dc5;
const PRIME = 0x01000193;

function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c >= 0xc0;
}

/**
 * Call `emit(position, bucket)` for every feature of `text` (already folded), in position order.
 * INVARIANT: deterministic, pure, linear in text length.
 */
export function forEachFeature(
  text: string,
  bits: number,
  emit: (pos: number, bucket: number) => void,
): void {
  const mask = (1 << bits) - 1;
  let wordHash = FNV;
  let prevWord = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Character n-grams ending at i (n = 3..5); whitespace runs are read as one space by the folded text.
    if (i >= 2) {
      let hsh = FNV ^ 0x33;
      for (let k = 0; k < 5 && k <= i; k++) {
        hsh = Math.imul(hsh ^ text.charCodeAt(i - k), PRIME);
        if (k >= 2) emit(i, (hsh ^ (hsh >>> 15) ^ k) & mask);
      }
    }
    const w = isWordChar(c);
    if (w) {
      wordHash = Math.imul((inWord ? wordHash : FNV ^ 0x77) ^ c, PRIME);
      inWord = true;
    }
    if (inWord && (!w || i === text.length - 1)) {
      const u = (wordHash ^ (wordHash >>> 13)) >>> 0;
      emit(i, (Math.imul(u, 0x9e3779b1) >>> (32 - bits)) & mask);
      if (prevWord !== 0)
        emit(i, ((Math.imul(prevWord ^ u, 0x85ebca6b) ^ 0x5bd1e995) >>> (32 - bits)) & mask);
      prevWord = u;
      inWord = false;
    }
  }
}

/** Every feature of a text as parallel arrays (training side; windows then select by position). */
export function featureList(text: string, bits: number): { pos: Int32Array; bucket: Int32Array } {
  const pos: number[] = [];
  const bucket: number[] = [];
  forEachFeature(text, bits, (p, b) => {
    pos.push(p);
    bucket.push(b);
  });
  return { pos: Int32Array.from(pos), bucket: Int32Array.from(bucket) };
}

/** Sparse counts of the features ending in [start, end). */
export function windowCounts(
  list: { pos: Int32Array; bucket: Int32Array },
  start: number,
  end: number,
): Map<number, number> {
  const m = new Map<number, number>();
  for (let i = 0; i < list.pos.length; i++) {
    const p = list.pos[i] as number;
    if (p < start) continue;
    if (p >= end) break;
    const b = list.bucket[i] as number;
    m.set(b, (m.get(b) ?? 0) + 1);
  }
  return m;
}

/** Window layout used by both sides: fixed width, fixed stride, last window flush with the end. */
export function windows(length: number, width: number, stride: number): Array<[number, number]> {
  if (length <= width) return [[0, length]];
  const out: Array<[number, number]> = [];
  for (let s = 0; s + width < length; s += stride) out.push([s, s + width]);
  out.push([length - width, length]);
  return out;
}
