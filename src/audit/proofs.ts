// Building proofs from the store, and checking proof documents offline with a public key.
import type { AuditStore } from "../ports/audit.js";
import { WardenError } from "../core/errors/index.js";
import {
  PROOF_VERSION,
  bytesEqual,
  checkProof,
  consistencyPath,
  inclusionPath,
  pathToHex,
  type ConsistencyProofDoc,
  type InclusionProofDoc,
  type ProofCheck,
  type SignedTreeHead,
} from "../core/audit/index.js";
import { leafHashOf, nodeHasher, sha256Hex } from "./hash.js";
import { headVerifier, type PublicKey } from "./keys.js";

/** The stored head that covers `seq` best: the smallest one at least that large (shortest proof, earliest witness). */
export async function headCovering(store: AuditStore, seq: number): Promise<SignedTreeHead | null> {
  const h = (await store.heads()).find((x) => x.treeSize >= seq);
  return h ? (JSON.parse(h.json) as SignedTreeHead) : null;
}

export async function latestHead(store: AuditStore): Promise<SignedTreeHead | null> {
  const hs = await store.heads();
  const h = hs[hs.length - 1];
  return h ? (JSON.parse(h.json) as SignedTreeHead) : null;
}

export async function buildInclusionProof(store: AuditStore, seq: number, head: SignedTreeHead, opts: { includePayload?: boolean } = {}): Promise<InclusionProofDoc> {
  if (!Number.isSafeInteger(seq) || seq < 1 || seq > head.tree_size) throw new WardenError("AUDIT_SEQ_OUT_OF_RANGE", `record ${seq} is not in the signed tree of size ${head.tree_size}`);
  const row = await store.get(seq);
  if (!row) throw new WardenError("AUDIT_SEQ_OUT_OF_RANGE", `record ${seq} is not stored`);
  const leaves = await store.leafHashes(1, head.tree_size);
  // SECURITY: never hand out a proof for a header that does not hash to its stored leaf.
  if (!bytesEqual(leafHashOf(row.header), leaves[seq - 1] as Uint8Array)) throw new WardenError("AUDIT_TAMPERED", `record ${seq}: header does not match its leaf hash`);
  const doc: InclusionProofDoc = {
    v: PROOF_VERSION,
    type: "inclusion",
    seq,
    header: row.header,
    payload: opts.includePayload === false ? null : row.payload,
    path: pathToHex(inclusionPath(nodeHasher, leaves, seq - 1, head.tree_size)),
    head,
  };
  const self = checkProof(doc, { hasher: nodeHasher, sha256Hex, verifyHead: () => true });
  if (!self.ok) throw new WardenError("AUDIT_TAMPERED", `the stored records do not match the signed head of size ${head.tree_size}: ${self.reason}`);
  return doc;
}

export async function buildConsistencyProof(store: AuditStore, from: SignedTreeHead, to: SignedTreeHead): Promise<ConsistencyProofDoc> {
  if (from.tree_size > to.tree_size) throw new WardenError("AUDIT_SEQ_OUT_OF_RANGE", `cannot prove size ${from.tree_size} is a prefix of size ${to.tree_size}`);
  const leaves = await store.leafHashes(1, to.tree_size);
  const doc: ConsistencyProofDoc = { v: PROOF_VERSION, type: "consistency", from, to, path: pathToHex(consistencyPath(nodeHasher, leaves, from.tree_size, to.tree_size)) };
  const self = checkProof(doc, { hasher: nodeHasher, sha256Hex, verifyHead: () => true });
  if (!self.ok) throw new WardenError("AUDIT_TAMPERED", `the log does not extend the given head: ${self.reason}`);
  return doc;
}

/** Check a proof document with nothing but the pinned public key. */
export function verifyProof(doc: unknown, key: PublicKey): ProofCheck {
  return checkProof(doc, { hasher: nodeHasher, sha256Hex, verifyHead: headVerifier(key) });
}
