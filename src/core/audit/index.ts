// Pure audit hashing: canonical JSON, RFC 6962 Merkle trees and proofs, record/head/proof formats.
// No I/O and no crypto import: SHA-256 and signature checks are passed in by src/audit.
export { canonicalJson } from "./canonical.js";
export { rfc6962Hasher, bytesEqual, toHex, fromHex, hexInto, type MerkleHasher } from "./hasher.js";
export { sha256Node } from "./sha256-node.js";
export { Frontier, popcount } from "./frontier.js";
export { splitPoint, subtreeRoot, treeRoot, inclusionPath, consistencyPath, verifyInclusion, verifyConsistency } from "./merkle.js";
export {
  RECORD_VERSION,
  PAYLOAD_KEYS,
  splitDraft,
  canonicalHeader,
  joinRecord,
  toRanges,
  type AuditHeader,
  type AuditPayload,
  type AuditDraft,
  type AuditRecord,
  type ApprovalInfo,
  type RecordKind,
  type RetentionCategory,
} from "./record.js";
export { readHeaderFields, type HeaderFields } from "./header-fields.js";
export { HEAD_VERSION, HEAD_SIGNING_PREFIX, headSigningText, parseSignedHead, type TreeHead, type SignedTreeHead } from "./head.js";
export { PROOF_VERSION, checkProof, pathToHex, type InclusionProofDoc, type ConsistencyProofDoc, type ProofDoc, type ProofCheck, type ProofCheckDeps } from "./proof.js";
