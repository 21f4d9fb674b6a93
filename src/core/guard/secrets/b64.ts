// Base64 / base64url decoding for validators: enough to look inside a candidate (`Basic dXNlcjpwYXNz` holds
// `user:pass`; a base64 blob holds a PEM block). The standard `atob` does the decoding (no Buffer in the core).

/**
 * Decoded bytes as a latin-1 string (one char per byte) of the base64 or base64url text up to its first `=`,
 * at most about `max` bytes; undefined on a character outside both alphabets. Trailing bits that do not make
 * a whole byte are dropped.
 */
export function decodeBase64(s: string, max = 1 << 20): string | undefined {
  const pad = s.indexOf("=");
  let t = (pad < 0 ? s : s.slice(0, pad)).slice(0, Math.ceil(max / 3) * 4);
  if (!/^[A-Za-z0-9+/_-]*$/.test(t)) return undefined;
  // A lone trailing character holds no whole byte; atob refuses it, the decoder ignores it.
  if (t.length % 4 === 1) t = t.slice(0, -1);
  return atob(t.replace(/-/g, "+").replace(/_/g, "/")).slice(0, max);
}
