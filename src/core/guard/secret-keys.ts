// The one vocabulary of credential key names, shared by the audit layer's key mask, the log redaction and
// the guardrails' value redaction, so a key masked in one place is masked in all of them. A module of its
// own so the audit layer can use it without loading the scanners.

// Key names (lower-cased, "_", "-" and spaces removed) that carry credentials. "token" matches only at the
// end so "max_tokens" / "tokens_used" (LLM meters) survive while "access_token" / "csrf-token" are masked.
const SECRET_KEY =
  /(password|passwd|passphrase|secret|apikey|privatekey|authorization|cookie|credential|accesskey|sessionkey|signingkey|bearer|token$|pin$|cvv$|ssn$)/;

// The verdict per key name: records repeat the same few keys. Bounded, so hostile key churn cannot grow
// it; past the bound, names are matched as before.
const verdicts = new Map<string, boolean>();
const VERDICTS_MAX = 10_000;

export function isSecretKey(key: string): boolean {
  let v = verdicts.get(key);
  if (v === undefined) {
    v = SECRET_KEY.test(key.toLowerCase().replace(/[-_\s]/g, ""));
    if (verdicts.size < VERDICTS_MAX) verdicts.set(key, v);
  }
  return v;
}
