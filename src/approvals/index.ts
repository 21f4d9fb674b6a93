// Human approvals, the domain: request state and votes, tokens, batching, decay, context for approvers,
// notification bodies. No I/O here except hashing; the gateway layer (src/gateway/approvals) stores,
// notifies and runs.
export { approvalsConfig, DEFAULT_APPROVALS, type ApprovalsConfig, type WebhookConfig } from "./config.js";
export type { ApprovalRecord, Vote, Actor, ExecutionOutcome } from "./types.js";
export { mayDecide, vote, deciderGroups, type VoteResult, type Refusal } from "./eligibility.js";
export { signToken, verifyToken, callHash, type TokenPayload, type BoundCall, type TokenCheck } from "./token.js";
export { batchFor, summarizeBatches, type BatchSummary } from "./batch.js";
export { decayClass, decayKey, decayable, decayed, type DecayClass } from "./decay.js";
export { highlights, summary, maskAccount, provenanceLines, labelLines, recentHistory, oneLine, type Highlight } from "./context.js";
export { notificationBody, signBody, verifyBodySignature, type NotificationInput, type NotificationKind } from "./notification.js";
