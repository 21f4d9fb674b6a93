// Signed tree heads: what a witness stores and what every proof is checked against.
import { canonicalJson } from "./canonical.js";

export const HEAD_VERSION = 1;
/** Domain separation: a head signature can never be confused with a signature over anything else. */
export const HEAD_SIGNING_PREFIX = "warden-audit-tree-head-v1\n";

export interface TreeHead {
  v: number;
  tree_size: number;
  /** Hex SHA-256 Merkle root (RFC 6962) of the first tree_size records. */
  root_hash: string;
  timestamp: string;
  /** Identifies the Ed25519 key: hex of the first 8 bytes of SHA-256(raw public key). */
  key_id: string;
}

export interface SignedTreeHead extends TreeHead {
  /** Base64 Ed25519 signature over headSigningBytes(head). */
  signature: string;
}

/** The exact text that is signed: prefix + canonical JSON of the unsigned fields. */
export function headSigningText(h: TreeHead): string {
  return HEAD_SIGNING_PREFIX + canonicalJson({ v: h.v, tree_size: h.tree_size, root_hash: h.root_hash, timestamp: h.timestamp, key_id: h.key_id });
}

/** Parse and shape-check a signed head (from a file, heads.ndjson or a proof). Returns null when malformed. */
export function parseSignedHead(value: unknown): SignedTreeHead | null {
  if (typeof value !== "object" || value === null) return null;
  const o = value as Record<string, unknown>;
  if (o["v"] !== HEAD_VERSION) return null;
  if (typeof o["tree_size"] !== "number" || !Number.isSafeInteger(o["tree_size"]) || o["tree_size"] < 0) return null;
  if (typeof o["root_hash"] !== "string" || !/^[0-9a-f]{64}$/.test(o["root_hash"])) return null;
  if (typeof o["timestamp"] !== "string" || typeof o["key_id"] !== "string" || typeof o["signature"] !== "string") return null;
  return { v: HEAD_VERSION, tree_size: o["tree_size"], root_hash: o["root_hash"], timestamp: o["timestamp"], key_id: o["key_id"], signature: o["signature"] };
}
