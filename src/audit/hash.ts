// Native SHA-256 for the writer and verifier. crypto.hash() is the one-shot API (no Hash object per
// call), several times cheaper than createHash() for records of a few hundred bytes.
import { createHash, hash } from "node:crypto";
import { sha256Node, type MerkleHasher } from "../core/audit/index.js";

const EMPTY = createHash("sha256").digest();

function sha256(data: Uint8Array): Buffer {
  return hash("sha256", data, "buffer") as unknown as Buffer;
}

export const nodeHasher: MerkleHasher = {
  leaf: (data) => {
    const buf = Buffer.allocUnsafe(data.length + 1);
    buf[0] = 0x00;
    buf.set(data, 1);
    return sha256(buf);
  },
  // Interior nodes in JavaScript (see sha256-node.ts: ~2× cheaper than a crypto.hash call for 65 bytes).
  node: (left, right) => {
    if (left.length === 32 && right.length === 32) return sha256Node(left, right);
    const buf = Buffer.allocUnsafe(left.length + right.length + 1);
    buf[0] = 0x01;
    buf.set(left, 1);
    buf.set(right, 1 + left.length);
    return sha256(buf);
  },
  empty: () => Buffer.from(EMPTY),
};

/** Leaf hash of a header string: SHA-256(0x00 ‖ UTF-8(text)); "\0" + text encodes exactly that. */
export function leafHashOf(text: string): Uint8Array {
  return hash("sha256", "\u0000" + text, "buffer") as unknown as Buffer;
}

/**
 * leafHashOf() as lower-case hex, for verify: it compares the leaf with the stored one as hex, and a hex
 * string out of the native call costs less than a Buffer (a backing store per call) turned into hex.
 */
export function leafHashHex(text: string): string {
  return hash("sha256", "\u0000" + text, "hex");
}

export function sha256Hex(text: string): string {
  return hash("sha256", text, "hex");
}

export function sha256HexBytes(data: Uint8Array): string {
  return hash("sha256", data, "hex");
}
