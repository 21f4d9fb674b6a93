// A small base64 / base64url decoder for validators (pure; no Buffer): enough to look inside a candidate
// (`Basic dXNlcjpwYXNz` holds `user:pass`; a base64 blob holds a PEM block).

const VAL = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++)
  VAL["ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".charCodeAt(i)] = i;
VAL["-".charCodeAt(0)] = 62;
VAL["_".charCodeAt(0)] = 63;

/** Decoded bytes as a latin-1 string (one char per byte), or undefined on a non-base64 character. */
export function decodeBase64(s: string, max = 1 << 20): string | undefined {
  let out = "";
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < s.length && out.length < max; i++) {
    const c = s.charCodeAt(i);
    if (c === 61) break; // '=' padding
    const v = c < 128 ? (VAL[c] as number) : -1;
    if (v < 0) return undefined;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += String.fromCharCode((acc >> bits) & 0xff);
    }
  }
  return out;
}
