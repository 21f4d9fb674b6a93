// Tokenisation shared by the seen-index and provenance lookup, so both sides normalise alike.

const SPLIT = /[\s"'`<>()[\]{},;|\\]+/u;
const TRIM = /^[.:!?*_~#=-]+|[.:!?*_~#=-]+$/gu;
const THOUSANDS = /(?<=\d),(?=\d{3}(?!\d))/gu;
const NUMERIC = /^[$€£¥+-]?[0-9][0-9,]*(\.[0-9]+)?$/u;

/** NFKC + case folding (toLowerCase is a close, locale-free approximation). */
export function normalise(s: string): string {
  return s.normalize("NFKC").toLowerCase();
}

/** Canonical form of a number as written: "$50,000.00" and 50000 both become "50000". */
export function canonicalNumber(s: string): string | undefined {
  if (!NUMERIC.test(s)) return undefined;
  const n = Number(s.replace(/[$€£¥,+]/gu, ""));
  return Number.isFinite(n) ? String(n) : undefined;
}

/** Tokens of a text, each normalised; numbers also yield their canonical form. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  // Thousands separators are part of the number, not token boundaries: "$50,000.00" is one token.
  for (const raw of normalise(text).replace(THOUSANDS, "").split(SPLIT)) {
    const t = raw.replace(TRIM, "");
    if (!t) continue;
    out.push(t);
    const n = canonicalNumber(t);
    if (n !== undefined && n !== t) out.push(n);
  }
  return out;
}

/** Every string and number leaf of a JSON value, as text. */
export function leafTexts(v: unknown, out: string[] = [], depth = 0): string[] {
  if (depth > 64) return out;
  if (typeof v === "string") out.push(v);
  else if (typeof v === "number" && Number.isFinite(v)) out.push(String(v));
  else if (Array.isArray(v)) for (const x of v) leafTexts(x, out, depth + 1);
  else if (v && typeof v === "object") for (const x of Object.values(v)) leafTexts(x, out, depth + 1);
  return out;
}
