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
const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

function b64decode(s: string): string | null {
  const clean = s.replace(/=+$/, "").replace(/-/g, "+").replace(/_/g, "/");
  let bits = 0;
  let acc = 0;
  let out = "";
  for (const ch of clean) {
    const v = B64.indexOf(ch);
    if (v < 0) return null;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += String.fromCharCode((acc >> bits) & 0xff);
    }
  }
  return out;
}

function hexdecode(s: string): string {
  let out = "";
  for (let i = 0; i + 1 < s.length; i += 2) out += String.fromCharCode(parseInt(s.slice(i, i + 2), 16));
  return out;
}

/** Printable ASCII with spaces: a sentence, not a key or an image. */
function readable(s: string): boolean {
  if (s.length < 12) return false;
  let printable = 0;
  let spaces = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 32 && c < 127) || c === 10 || c === 13 || c === 9) printable++;
    if (c === 32) spaces++;
  }
  return printable / s.length > 0.95 && spaces >= 2;
}

// Characters of the base64 (and base64url) alphabet; hex digits are a subset.
const B64_CLASS = new Uint8Array(128);
for (const ch of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-")
  B64_CLASS[ch.charCodeAt(0)] = 1;

/**
 * Maximal runs of base64-alphabet characters at least 24 long, in one pass. Every match of B64_RUN is such
 * a run (plus padding) starting at the run's first character, and every match of HEX_RUN lies inside one,
 * so the patterns only need to look there.
 */
function longRuns(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = -1;
  const n = text.length;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 0;
    if (c < 128 && B64_CLASS[c] === 1) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      if (i - start >= 24) out.push([start, i]);
      start = -1;
    }
  }
  return out;
}

export function decodeRuns(text: string, maxRuns = 64): DecodedRun[] {
  const out: DecodedRun[] = [];
  const runs = longRuns(text);
  if (runs.length === 0) return out;
  for (const [re, dec] of [
    [B64_RUN, b64decode],
    [HEX_RUN, hexdecode],
  ] as const) {
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
        const d = dec(m[0]);
        const start = m.index + from;
        if (d !== null && readable(d)) out.push({ start, end: start + m[0].length, text: d });
      }
    }
  }
  return out;
}
