// Encoded payloads: "aWdub3JlIGFsbCBwcmV2aW91cyBpbnN0cnVjdGlvbnM=" is "ignore all previous instructions".
// Runs of base64 or hex long enough to hold a sentence are decoded; if the result is readable text it is
// scanned like any other text and findings point at the encoded run.

export interface DecodedRun {
  start: number;
  end: number;
  text: string;
}

const B64_RUN = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{24,8192}={0,2}(?![A-Za-z0-9+/=_-])/g;
const HEX_RUN = /(?<![0-9A-Fa-f])(?:[0-9A-Fa-f]{2}){16,4096}(?![0-9A-Fa-f])/g;
// Value of each base64 / base64url character (-1: not in the alphabet) and of each hex digit.
const B64_VAL = new Int8Array(128).fill(-1);
"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
  .split("")
  .forEach((ch, i) => (B64_VAL[ch.charCodeAt(0)] = i));
B64_VAL[45] = 62; // "-" (base64url)
B64_VAL[95] = 63; // "_"
const HEX_VAL = new Int8Array(128).fill(-1);
"0123456789abcdef".split("").forEach((ch, i) => {
  HEX_VAL[ch.charCodeAt(0)] = i;
  HEX_VAL[ch.toUpperCase().charCodeAt(0)] = i;
});

// Decoded bytes of the current run (reused: runs are at most 8192 characters).
const BYTES = new Uint8Array(8192);

function printable(byte: number): boolean {
  return (byte >= 32 && byte < 127) || byte === 10 || byte === 13 || byte === 9;
}

/**
 * The decoded run as text if it is readable: printable ASCII with spaces, a sentence rather than a key or an
 * image (length >= 12, more than 95% printable, at least two spaces). Bytes are checked as they are decoded
 * and the run is dropped as soon as too many are unprintable, so keys and blobs cost little.
 */
function decodeReadable(s: string, hex: boolean): string | null {
  let end = s.length;
  if (!hex) while (end > 0 && s.charCodeAt(end - 1) === 61) end--; // trailing "=" padding
  const total = hex ? end >> 1 : Math.floor((end * 6) / 8);
  if (total < 12) return null;
  // Not readable once unprintable bytes reach 5% of the total (printable / total > 0.95 fails).
  const maxBad = 0.05 * total;
  let bad = 0;
  let spaces = 0;
  let n = 0;
  // Each byte: kept, counted if a space, and the run dropped once unprintable bytes reach maxBad.
  if (hex) {
    for (let i = 0; i + 1 < end; i += 2) {
      const hi = HEX_VAL[s.charCodeAt(i)] as number;
      const lo = HEX_VAL[s.charCodeAt(i + 1)] as number;
      const byte = hi * 16 + lo;
      BYTES[n++] = byte;
      if (byte === 32) spaces++;
      else if (!printable(byte) && ++bad >= maxBad) return null;
    }
  } else {
    let bits = 0;
    let acc = 0;
    for (let i = 0; i < end; i++) {
      const c = s.charCodeAt(i);
      const v = c < 128 ? (B64_VAL[c] as number) : -1;
      if (v < 0) return null;
      acc = ((acc << 6) | v) & 0xffffff;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        const byte = (acc >> bits) & 0xff;
        BYTES[n++] = byte;
        if (byte === 32) spaces++;
        else if (!printable(byte) && ++bad >= maxBad) return null;
      }
    }
  }
  if (spaces < 2 || bad >= maxBad) return null;
  let out = "";
  for (let i = 0; i < n; i += 4096)
    out += String.fromCharCode.apply(null, Array.from(BYTES.subarray(i, Math.min(n, i + 4096))));
  return out;
}

// Characters of the base64 (and base64url) alphabet; hex digits are a subset.
const B64_CLASS = new Uint8Array(128);
for (const ch of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-")
  B64_CLASS[ch.charCodeAt(0)] = 1;

function inAlphabet(c: number): boolean {
  return c < 128 && B64_CLASS[c] === 1;
}

/**
 * Maximal runs of base64-alphabet characters at least 24 long. Every match of B64_RUN is such a run (plus
 * padding) starting at the run's first character, and every match of HEX_RUN lies inside one, so the
 * patterns only need to look there.
 * Skipping search: a run of 24 starting in [p, p + 24) holds p + 23, so a character outside the alphabet
 * there rules out all 24 starts at once; otherwise the nearest one before it (read backwards) does. Prose
 * has a space every few characters, so most characters are never read.
 * INVARIANT: same runs as a left-to-right scan (test/guard-injection-pass.test.ts); linear (a character is
 * read at most twice).
 */
export function longRuns(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const n = text.length;
  let p = 0; // no run starts before p except those found; p is 0 or follows a character outside the alphabet
  while (p + 24 <= n) {
    if (!inAlphabet(text.charCodeAt(p + 23))) {
      p += 24;
      continue;
    }
    let q = p + 22;
    while (q >= p && inAlphabet(text.charCodeAt(q))) q--;
    if (q >= p) {
      p = q + 1;
      continue;
    }
    let e = p + 24;
    while (e < n && inAlphabet(text.charCodeAt(e))) e++;
    out.push([p, e]);
    p = e + 1;
  }
  return out;
}

/**
 * longRuns of a mixed text from the base64-alphabet runs (>= 24, [start, end) pairs, ascending) of its folded
 * form and fold's ASCII stretches (normalize.ts Folded.asciiRuns). A run of the original lies inside one
 * ASCII stretch (no other character is in the alphabet) and inside one run of the folded text (lower-casing
 * keeps ASCII characters in or out of the alphabet); conversely, a folded run cut at stretch ends is a run
 * of the original. So the original's runs are the pieces of folded runs inside stretches, 24 or longer.
 * INVARIANT: equals longRuns(original) (test/guard-injection-pass.test.ts).
 */
export function runsFromFolded(
  folded: ArrayLike<number>,
  nFolded: number,
  asciiRuns: readonly number[],
): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let s = 0;
  for (let j = 0; j < nFolded; j += 2) {
    const a = folded[j] as number;
    const b = folded[j + 1] as number;
    // Stretches ending at or before a cannot meet this run or a later one.
    while (s < asciiRuns.length && (asciiRuns[s] as number) + (asciiRuns[s + 2] as number) <= a) s += 3;
    for (let k = s; k < asciiRuns.length && (asciiRuns[k] as number) < b; k += 3) {
      const fs = asciiRuns[k] as number;
      const from = Math.max(a, fs);
      const to = Math.min(b, fs + (asciiRuns[k + 2] as number));
      if (to - from >= 24) {
        const shift = (asciiRuns[k + 1] as number) - fs;
        out.push([from + shift, to + shift]);
      }
    }
  }
  return out;
}

/** `known`: the runs of longRuns(text), when a pass over the text already found them (scanner.ts). */
export function decodeRuns(
  text: string,
  maxRuns = 64,
  known?: ReadonlyArray<readonly [number, number]>,
): DecodedRun[] {
  const out: DecodedRun[] = [];
  const runs = known ?? longRuns(text);
  if (runs.length === 0) return out;
  for (const re of [B64_RUN, HEX_RUN]) {
    for (const [a, b] of runs) {
      if (out.length >= maxRuns) break;
      // The slice keeps one real character on each side for the lookarounds; padding may follow the run.
      const from = Math.max(0, a - 1);
      const slice = text.slice(from, Math.min(text.length, b + 3));
      re.lastIndex = a - from;
      for (let m = re.exec(slice); m !== null && out.length < maxRuns; m = re.exec(slice)) {
        if (m.index + from >= b) break;
        // Pure hex digits also look like base64; let the hex pass decode them.
        if (re === B64_RUN && /^[0-9a-fA-F]+$/.test(m[0])) continue;
        const d = decodeReadable(m[0], re === HEX_RUN);
        const start = m.index + from;
        if (d !== null) out.push({ start, end: start + m[0].length, text: d });
      }
    }
  }
  return out;
}
