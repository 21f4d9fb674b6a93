// RFC 6962 §2.1 hashing, with the SHA-256 implementation injected: src/core stays pure (no node:crypto),
// and the outer layer passes a fast native hasher (see src/audit/hash.ts).

/** The two RFC 6962 hash operations plus the hash of the empty tree. */
export interface MerkleHasher {
  /** SHA-256(0x00 ‖ data): the hash of one leaf. */
  leaf(data: Uint8Array): Uint8Array;
  /** SHA-256(0x01 ‖ left ‖ right): the hash of an interior node. */
  node(left: Uint8Array, right: Uint8Array): Uint8Array;
  /** SHA-256 of the empty string: the root of a tree with no leaves. */
  empty(): Uint8Array;
}

/** Build a MerkleHasher from any SHA-256 function (slower than a streaming one; fine for verifiers). */
export function rfc6962Hasher(sha256: (data: Uint8Array) => Uint8Array): MerkleHasher {
  return {
    leaf(data) {
      const buf = new Uint8Array(data.length + 1);
      buf[0] = 0x00;
      buf.set(data, 1);
      return sha256(buf);
    },
    node(left, right) {
      const buf = new Uint8Array(left.length + right.length + 1);
      buf[0] = 0x01;
      buf.set(left, 1);
      buf.set(right, 1 + left.length);
      return sha256(buf);
    },
    empty() {
      return sha256(new Uint8Array(0));
    },
  };
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

export function toHex(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i++) s += HEX[b[i] as number];
  return s;
}

/**
 * Write 64 lower-case hex characters into out[at..at+31], for digests that came out of a hash function
 * as hex. INVARIANT: `hex` is exactly that (unchecked: verify passes only what SHA-256 returned).
 */
export function hexInto(out: Uint8Array, at: number, hex: string): void {
  for (let i = 0; i < 32; i++) {
    const a = hex.charCodeAt(2 * i);
    const b = hex.charCodeAt(2 * i + 1);
    out[at + i] = ((a > 57 ? a - 87 : a - 48) << 4) | (b > 57 ? b - 87 : b - 48);
  }
}

export function fromHex(s: string): Uint8Array {
  if (s.length % 2 !== 0 || !/^[0-9a-f]*$/i.test(s)) throw new TypeError(`not a hex string: ${s.slice(0, 20)}`);
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}
