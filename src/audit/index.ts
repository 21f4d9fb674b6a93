// The audit log: what the gateway calls to record intents, outcomes, approvals and control actions,
// and what the CLI uses to verify, prove, export and query.
export { AuditLog, type AuditLogOptions, type AppendReceipt, type Durability } from "./log.js";
export { openAudit, openExistingStore, type OpenedAudit, type OpenAuditOptions } from "./open.js";
export type { IntentInput, OutcomeInput, EventInput, AuditContext } from "./inputs.js";
export { defaultRedactor, composeRedactors, maskCredentialKeys, isCredentialKey, REDACTED, type Redactor } from "./redactor.js";
export {
  KEY_FILE,
  loadOrCreateSigningKey,
  loadSigningKey,
  loadLocalPublicKey,
  parsePublicKey,
  readPublicKeyArg,
  publicKeyJson,
  publicKeyPem,
  headVerifier,
  type PublicKey,
  type SigningKey,
  type PublicKeyJson,
} from "./keys.js";
export { HEADS_FILE, HeadsFile, readHeadsFile } from "./heads-file.js";
export { verifyLog, type VerifyReport, type VerifyOptions, type Finding, type FindingKind } from "./verify.js";
export { buildInclusionProof, buildConsistencyProof, verifyProof, headCovering, latestHead } from "./proofs.js";
export { queryRecords, rowToRecord } from "./records.js";
export { applyRetention, DEFAULT_RETENTION, type RetentionPolicy, type RetentionRule, type RetentionResult } from "./retention.js";
export { nodeHasher, sha256Hex } from "./hash.js";
