// Is a value assigned to `password=` or `api_key:` a real secret, or a placeholder, a variable reference,
// a word? Shannon entropy and character classes separate `cAc48k1Zd7` from `${DB_PASSWORD}` or `changeme`.

// Counts by character code for the ASCII range (values are short; this runs once per candidate value, so it
// avoids a Map and an iterator per call).
const COUNTS = new Int32Array(128);

export function shannonEntropy(s: string): number {
  const n = s.length;
  if (n === 0) return 0;
  let other: Map<string, number> | undefined;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 128) COUNTS[c]!++;
    else (other ??= new Map()).set(s[i] as string, (other.get(s[i] as string) ?? 0) + 1);
  }
  // No closure per call: the counts are read back in the string's order and cleared as they are used.
  let h = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 128) {
      const k = COUNTS[c] as number;
      if (k !== 0) {
        const p = k / n;
        h -= p * Math.log2(p);
        COUNTS[c] = 0;
      }
    }
  }
  if (other)
    for (const k of other.values()) {
      const p = k / n;
      h -= p * Math.log2(p);
    }
  return h;
}

/** Character classes present: lower, upper, digit, other (one pass). */
function classes(s: string): number {
  let bits = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    bits |= c >= 97 && c <= 122 ? 1 : c >= 65 && c <= 90 ? 2 : c >= 48 && c <= 57 ? 4 : 8;
  }
  return (bits & 1) + ((bits >> 1) & 1) + ((bits >> 2) & 1) + ((bits >> 3) & 1);
}

const PLACEHOLDER =
  /^(?:true|false|null|none|nil|undefined|empty|string|str|bool|int|required|optional|password|passwd|secret|token|key|value|xxx+|\*+|\.+|-+|_+|<[^>]*>|\{[^}]*\}|\[[^\]]*\]|%\w*%?|\$\{?[\w.]*\}?|your[_-]?\w*|example\w*|test|dummy|sample|placeholder|changeme|redacted|hidden|masked)$/i;
const CODE_REF =
  /^(?:[A-Za-z_][\w]*\.)+[A-Za-z_]\w*(?:\(.*)?$|^[A-Za-z_]\w*\(|^(?:os|process|env|self|this|config|settings|args|params|request|req)\b/;

/**
 * A score in [0, 1] for a value found after a secret-named key, or 0 when it is clearly not a secret.
 * `strict` (for generic names such as `key` or `token`) demands a random-looking value; password-like
 * names accept shorter human-chosen values.
 */
// A URL, a path or an e-mail address after a secret-named key (`api: https://…`, `key_file: /etc/…`) names
// where a secret lives, not the secret.
const LOCATION = /^(?:[a-z][a-z0-9+.-]{1,20}:\/\/|\.{0,2}\/[\w.-]+\/|~\/|[\w.+-]+@[\w-]+\.[\w.-]+$)/i;

export function secretValueScore(v: string, strict: boolean, quoted = false): number {
  // A quoted value is a string literal: `"n83.bat47Fy4"` is not the member access `n83.bat47Fy4`.
  if (
    v.length < 4 ||
    PLACEHOLDER.test(v) ||
    PLACEHOLDER.test(v.replace(/^[-=]+/, "")) ||
    (!quoted && CODE_REF.test(v)) ||
    LOCATION.test(v)
  )
    return 0;
  const h = shannonEntropy(v);
  const k = classes(v);
  if (strict) {
    if (v.length < 8) return 0;
    // Lower-case words joined by `_` or `-` (`authorization_code`, `read-only`) name a setting; a token or key
    // is not spelled that way.
    if (/^[a-z]+(?:[_-][a-z]+)+$/.test(v)) return 0;
    if (h >= 3.5 && k >= 2) return 0.9;
    if (h >= 3.0 && k >= 2 && v.length >= 12) return 0.75;
    return 0;
  }
  if (/^[a-z]+$/i.test(v) && v.length < 8) return 0; // a bare short word: `password: keep` is prose
  if (k >= 2 || h >= 3.0) return 0.85;
  return 0.6;
}
