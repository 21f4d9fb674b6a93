// Normalisation before injection detection: attackers hide "ignore previous instructions" behind
// zero-width characters, bidi controls, look-alike letters (Cyrillic о for Latin o), full-width forms and
// leetspeak (1gn0re). The folded view is what heuristics and the classifier read; `map` takes an offset in
// the folded text back to the original so spans point at what the user sent.

export interface Folded {
  text: string;
  /** map[i] = offset in the original of folded character i; map[text.length] = original length. */
  map: Int32Array;
  /**
   * True when folding kept every character in place (offsets need no mapping): ASCII input, or non-ASCII
   * characters that each fold to one character with none dropped (so no invisible characters either).
   */
  identity?: boolean;
  /**
   * True when, besides `identity`, every character kept its ASCII/non-ASCII class: ASCII input, or non-ASCII
   * characters that all folded to non-ASCII ones. Then runs of ASCII character classes (base64 alphabet) are
   * the same in the folded text as in the original.
   */
  ascii?: boolean;
  /**
   * Mixed input: the ASCII stretches of the original (maximal runs of characters below 128), as triples
   * (folded start, original start, length). Each folds to its lower case at its folded start.
   */
  asciiRuns?: number[];
  /** True when folding dropped an invisible character (zero-width, bidi control, soft hyphen...). */
  invisible?: boolean;
  /** map[k] without building the whole array (set by fold for non-ASCII input). */
  at?: (k: number) => number;
}

// ASCII fast path: lower-casing keeps offsets, so the map is the identity and is only built if asked for.
const NON_ASCII = /[\u0080-\uffff]/;
const NON_ASCII_RUN = /[\u0080-\uffff]+/g;
// Leetspeak: a digit between letters is read as the letter it imitates ("1gn0re" -> "ignore"): a digit
// 0 1 3 4 5 7 with no digit on either side and a letter a-z on at least one side. Replacing in place never
// changes a later neighbour test (a replaced digit had no digit neighbours), so one scan of the input is exact.
const LEET_CODE = new Int32Array(58);
for (const [d, l] of [
  ["0", "o"],
  ["1", "i"],
  ["3", "e"],
  ["4", "a"],
  ["5", "s"],
  ["7", "t"],
] as const)
  LEET_CODE[d.charCodeAt(0)] = l.charCodeAt(0);

/**
 * Character code at `k` after unleet (same rule, read from the un-replaced text): lets a pass over the
 * lower-cased text read leetspeak without building the replaced string.
 */
export function leetCodeAt(t: string, k: number): number {
  const c = t.charCodeAt(k);
  if (c < 48 || c > 55) return c;
  const l = LEET_CODE[c] as number;
  if (l === 0) return c;
  const prev = k > 0 ? t.charCodeAt(k - 1) : 0;
  const next = k + 1 < t.length ? t.charCodeAt(k + 1) : 0;
  if ((prev >= 48 && prev <= 57) || (next >= 48 && next <= 57)) return c;
  if (!((prev >= 97 && prev <= 122) || (next >= 97 && next <= 122))) return c;
  return l;
}

/** unleet(t) given the positions where it differs (ascending; from a pass that read them): slices only. */
export function unleetAt(t: string, pos: ArrayLike<number>, n: number): string {
  if (n === 0) return t;
  let out = "";
  let from = 0;
  for (let j = 0; j < n; j++) {
    const k = pos[j] as number;
    out += t.slice(from, k) + String.fromCharCode(LEET_CODE[t.charCodeAt(k)] as number);
    from = k + 1;
  }
  return out + t.slice(from);
}

export function unleet(t: string): string {
  let out = "";
  let from = 0;
  const n = t.length;
  for (let k = 0; k < n; k++) {
    const c = t.charCodeAt(k);
    if (c < 48 || c > 55) continue;
    const l = LEET_CODE[c] as number;
    if (l === 0) continue;
    const prev = k > 0 ? t.charCodeAt(k - 1) : 0;
    const next = k + 1 < n ? t.charCodeAt(k + 1) : 0;
    if ((prev >= 48 && prev <= 57) || (next >= 48 && next <= 57)) continue;
    if (!((prev >= 97 && prev <= 122) || (next >= 97 && next <= 122))) continue;
    out += t.slice(from, k) + String.fromCharCode(l);
    from = k + 1;
  }
  return from === 0 ? t : out + t.slice(from);
}

function foldAscii(text: string, leet: boolean): Folded {
  let t = text.toLowerCase();
  // Same rule as the general path below; there, in-place replacement never changes a neighbour test
  // (a replaced digit had no digit neighbours), so one regex pass over the original is equivalent.
  if (leet) t = unleet(t);
  let map: Int32Array | undefined;
  return {
    text: t,
    identity: true,
    ascii: true,
    get map(): Int32Array {
      if (map === undefined) {
        map = new Int32Array(t.length + 1);
        for (let i = 0; i <= t.length; i++) map[i] = i;
      }
      return map;
    },
  };
}

// Zero-width, joiners, bidi embeddings/overrides/isolates, soft hyphen, BOM, Mongolian vowel separator.
function invisible(c: number): boolean {
  return (
    (c >= 0x200b && c <= 0x200f) ||
    (c >= 0x202a && c <= 0x202e) ||
    (c >= 0x2060 && c <= 0x2064) ||
    (c >= 0x2066 && c <= 0x2069) ||
    c === 0xfeff ||
    c === 0xad ||
    c === 0x180e ||
    c === 0x034f
  );
}

// Look-alikes that NFKC keeps distinct (Unicode confusables for Latin letters, the common subset).
const CONFUSABLES: Record<string, string> = {
  а: "a",
  е: "e",
  о: "o",
  р: "p",
  с: "c",
  у: "y",
  х: "x",
  і: "i",
  ј: "j",
  ѕ: "s",
  ԁ: "d",
  ԛ: "q",
  ԝ: "w",
  һ: "h",
  ӏ: "l",
  к: "k",
  м: "m",
  т: "t",
  в: "b",
  н: "h",
  п: "n",
  г: "r",
  α: "a",
  ε: "e",
  ι: "i",
  κ: "k",
  ν: "v",
  ο: "o",
  ρ: "p",
  τ: "t",
  υ: "u",
  χ: "x",
  ς: "s",
  ω: "w",
  β: "b",
  η: "n",
  μ: "u",
  ı: "i",
  ɡ: "g",
  ɑ: "a",
  ℓ: "l",
};

// Folded form of one code point (NFKC, lower case, confusables), memoised: text repeats the same few
// non-ASCII characters (quotes, dashes, accented letters). Bounded so hostile input cannot grow it.
const FOLD_CACHE = new Map<number, string>();

function foldCodePoint(cp: number): string {
  const hit = FOLD_CACHE.get(cp);
  if (hit !== undefined) return hit;
  let f = String.fromCodePoint(cp).normalize("NFKC").toLowerCase();
  f = CONFUSABLES[f] ?? f;
  let r = "";
  for (const c of f) r += CONFUSABLES[c] ?? c;
  if (FOLD_CACHE.size < 8192) FOLD_CACHE.set(cp, r);
  return r;
}

/**
 * Fold `text` to lower-case ASCII-ish letters with invisible characters removed. Linear time. With
 * `leet = false` the leetspeak step is left out (offsets are the same either way): the scanner's one pass
 * (features.ts) reads leetspeak itself and only calls `unleet` when it saw some.
 */
export function fold(text: string, leet = true): Folded {
  if (!NON_ASCII.test(text)) return foldAscii(text, leet);
  // Mixed text: ASCII stretches are lower-cased in bulk (offsets kept); only the non-ASCII runs go through
  // NFKC and the confusable table character by character. The offset map is kept as segments (a stretch
  // that maps one-to-one, or folded characters that all come from one original character) and only
  // expanded into a full array if someone reads `map`.
  const segF: number[] = []; // folded start of each segment
  const segO: number[] = []; // original offset at that start
  const segStep: number[] = []; // 1: offsets advance with the folded text; 0: every folded char maps to segO
  let n = 0;
  let oneToOne = true; // every character folded to exactly one, none dropped
  let invisibleSeen = false;
  let staysNonAscii = true; // and each non-ASCII one to a non-ASCII one
  const pieces: string[] = [];
  const asciiRuns: number[] = [];
  const ascii = (from: number, to: number): void => {
    if (to <= from) return;
    asciiRuns.push(n, from, to - from);
    pieces.push(text.slice(from, to).toLowerCase());
    segF.push(n);
    segO.push(from);
    segStep.push(1);
    n += to - from;
  };
  NON_ASCII_RUN.lastIndex = 0;
  let last = 0;
  for (let m = NON_ASCII_RUN.exec(text); m !== null; m = NON_ASCII_RUN.exec(text)) {
    ascii(last, m.index);
    const runEnd = m.index + m[0].length;
    let run = "";
    for (let i = m.index; i < runEnd; i++) {
      const code = text.charCodeAt(i);
      if (invisible(code)) {
        oneToOne = false;
        invisibleSeen = true;
        continue;
      }
      // Surrogate pairs (mathematical alphanumerics, emoji) are folded as one code point.
      const cp = text.codePointAt(i) as number;
      const r = foldCodePoint(cp);
      if (r.length !== 1 || cp > 0xffff) oneToOne = false;
      else if (r.charCodeAt(0) < 128) staysNonAscii = false;
      if (r.length > 0) {
        segF.push(n);
        segO.push(i);
        segStep.push(0);
        n += r.length;
        run += r;
      }
      if (cp > 0xffff) i++;
    }
    pieces.push(run);
    last = runEnd;
  }
  ascii(last, text.length);
  segF.push(n);
  segO.push(text.length);
  segStep.push(0);
  // Leetspeak: a digit between letters is read as the letter it imitates ("1gn0re" -> "ignore").
  const joined = pieces.join("");
  const folded = leet ? unleet(joined) : joined;
  if (oneToOne) {
    // Offsets unchanged: the same cheap form as ASCII input (unfoldSpan gives the same spans either way).
    let idMap: Int32Array | undefined;
    return {
      text: folded,
      identity: true,
      ascii: staysNonAscii,
      asciiRuns,
      get map(): Int32Array {
        if (idMap === undefined) {
          idMap = new Int32Array(folded.length + 1);
          for (let i = 0; i <= folded.length; i++) idMap[i] = i;
        }
        return idMap;
      },
    };
  }
  const at = (k: number): number => {
    let lo = 0;
    let hi = segF.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((segF[mid] as number) <= k) lo = mid;
      else hi = mid - 1;
    }
    const f0 = segF[lo] as number;
    return (segO[lo] as number) + (segStep[lo] === 1 ? k - f0 : 0);
  };
  let map: Int32Array | undefined;
  return {
    text: folded,
    invisible: invisibleSeen,
    asciiRuns,
    at,
    get map(): Int32Array {
      if (map === undefined) {
        map = new Int32Array(n + 1);
        for (let k = 0; k <= n; k++) map[k] = at(k);
      }
      return map;
    },
  };
}

/** Original [start, end) of folded [start, end). */
export function unfoldSpan(f: Folded, start: number, end: number): [number, number] {
  if (f.identity === true) return [start, Math.max(end, start + 1)];
  if (f.at !== undefined) {
    const s = f.at(start);
    const lastChar = f.at(Math.max(start, end - 1));
    const e = end > start ? f.at(end) : s;
    return [s, Math.max(e, lastChar + 1)];
  }
  const s = f.map[start] ?? 0;
  const lastChar = f.map[Math.max(start, end - 1)] ?? s;
  const e = end > start ? (f.map[end] ?? lastChar + 1) : s;
  return [s, Math.max(e, lastChar + 1)];
}
