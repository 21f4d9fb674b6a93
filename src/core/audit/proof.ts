// Proof documents and their offline verification. Everything needed is in the document plus the
// verifier's pinned public key: no database, no network. Signature checking and SHA-256 are injected.
import { fromHex, toHex, type MerkleHasher } from "./hasher.js";
import { verifyConsistency, verifyInclusion } from "./merkle.js";
import { parseSignedHead, type SignedTreeHead } from "./head.js";

export const PROOF_VERSION = 1;

export interface InclusionProofDoc {
  v: number;
  type: "inclusion";
  seq: number;
  /** The leaf data exactly as hashed: canonical JSON of the record header. */
  header: string;
  /** Canonical JSON of the payload, or null when purged or left out. */
  payload: string | null;
  /** Hex audit path from the leaf to the root of `head`. */
  path: string[];
  head: SignedTreeHead;
}

export interface ConsistencyProofDoc {
  v: number;
  type: "consistency";
  from: SignedTreeHead;
  to: SignedTreeHead;
  path: string[];
}

export type ProofDoc = InclusionProofDoc | ConsistencyProofDoc;

export interface ProofCheckDeps {
  hasher: MerkleHasher;
  /** Hex SHA-256 of a UTF-8 string (to check the payload digest). */
  sha256Hex: (text: string) => string;
  /** True when the head's signature verifies under the pinned key (and its key id is that key's). */
  verifyHead: (head: SignedTreeHead) => boolean;
}

export type ProofCheck = { ok: true; summary: string } | { ok: false; reason: string };

const utf8 = new TextEncoder();

export function checkProof(doc: unknown, deps: ProofCheckDeps): ProofCheck {
  if (typeof doc !== "object" || doc === null) return { ok: false, reason: "proof is not a JSON object" };
  const d = doc as Record<string, unknown>;
  if (d["v"] !== PROOF_VERSION) return { ok: false, reason: `unsupported proof version ${String(d["v"])}` };
  const path = parsePath(d["path"]);
  if (!path) return { ok: false, reason: "path must be a list of 64-character hex hashes" };
  if (d["type"] === "inclusion") return checkInclusion(d, path, deps);
  if (d["type"] === "consistency") return checkConsistencyDoc(d, path, deps);
  return { ok: false, reason: `unknown proof type ${String(d["type"])}` };
}

function checkInclusion(d: Record<string, unknown>, path: Uint8Array[], deps: ProofCheckDeps): ProofCheck {
  const head = parseSignedHead(d["head"]);
  if (!head) return { ok: false, reason: "head is malformed" };
  // SECURITY: the signature is checked first; a proof against an unsigned or foreign head proves nothing.
  if (!deps.verifyHead(head)) return { ok: false, reason: `head signature does not verify under the pinned key (head key_id ${head.key_id})` };
  const seq = d["seq"];
  const header = d["header"];
  if (typeof seq !== "number" || !Number.isSafeInteger(seq) || seq < 1) return { ok: false, reason: "seq must be a positive integer" };
  if (typeof header !== "string") return { ok: false, reason: "header must be the canonical header text" };
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(header) as Record<string, unknown>;
  } catch {
    return { ok: false, reason: "header is not JSON" };
  }
  if (parsed["seq"] !== seq) return { ok: false, reason: `header says seq ${String(parsed["seq"])}, proof says ${seq}` };
  const payload = d["payload"];
  if (payload !== null && payload !== undefined) {
    if (typeof payload !== "string") return { ok: false, reason: "payload must be canonical JSON text or null" };
    if (`sha256:${deps.sha256Hex(payload)}` !== parsed["payload_sha256"]) return { ok: false, reason: "payload does not match the digest in its header" };
  }
  const leaf = deps.hasher.leaf(utf8.encode(header));
  if (!verifyInclusion(deps.hasher, seq - 1, head.tree_size, leaf, path, fromHex(head.root_hash))) {
    return { ok: false, reason: `record ${seq} is not included in the tree of size ${head.tree_size} with root ${head.root_hash}` };
  }
  const withPayload = typeof payload === "string" ? " (payload digest checked)" : " (payload not included)";
  return { ok: true, summary: `record ${seq} is included in the signed tree of size ${head.tree_size}${withPayload}` };
}

function checkConsistencyDoc(d: Record<string, unknown>, path: Uint8Array[], deps: ProofCheckDeps): ProofCheck {
  const from = parseSignedHead(d["from"]);
  const to = parseSignedHead(d["to"]);
  if (!from || !to) return { ok: false, reason: "from/to heads are malformed" };
  if (!deps.verifyHead(from)) return { ok: false, reason: "the older head's signature does not verify under the pinned key" };
  if (!deps.verifyHead(to)) return { ok: false, reason: "the newer head's signature does not verify under the pinned key" };
  if (!verifyConsistency(deps.hasher, from.tree_size, to.tree_size, fromHex(from.root_hash), fromHex(to.root_hash), path)) {
    return { ok: false, reason: `the tree of size ${to.tree_size} does not extend the tree of size ${from.tree_size}` };
  }
  return { ok: true, summary: `the signed tree of size ${to.tree_size} extends the signed tree of size ${from.tree_size}` };
}

function parsePath(v: unknown): Uint8Array[] | null {
  if (!Array.isArray(v)) return null;
  const out: Uint8Array[] = [];
  for (const x of v) {
    if (typeof x !== "string" || !/^[0-9a-f]{64}$/.test(x)) return null;
    out.push(fromHex(x));
  }
  return out;
}

export function pathToHex(path: readonly Uint8Array[]): string[] {
  return path.map(toHex);
}

