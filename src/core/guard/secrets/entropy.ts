// Is a value assigned to `password=` or `api_key:` a real secret, or a placeholder, a variable reference,
// a word? Shannon entropy and character classes separate `cAc48k1Zd7` from `${DB_PASSWORD}` or `changeme`.

export function shannonEntropy(s: string): number {
  if (s.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

function classes(s: string): number {
  return (
    (/[a-z]/.test(s) ? 1 : 0) +
    (/[A-Z]/.test(s) ? 1 : 0) +
    (/\d/.test(s) ? 1 : 0) +
    (/[^A-Za-z0-9]/.test(s) ? 1 : 0)
  );
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

export function secretValueScore(v: string, strict: boolean): number {
  if (v.length < 4 || PLACEHOLDER.test(v) || CODE_REF.test(v) || LOCATION.test(v)) return 0;
  const h = shannonEntropy(v);
  const k = classes(v);
  if (strict) {
    if (v.length < 8) return 0;
    if (h >= 3.5 && k >= 2) return 0.9;
    if (h >= 3.0 && k >= 2 && v.length >= 12) return 0.75;
    return 0;
  }
  if (/^[a-z]+$/i.test(v) && v.length < 8) return 0; // a bare short word: `password: keep` is prose
  if (k >= 2 || h >= 3.0) return 0.85;
  return 0.6;
}
