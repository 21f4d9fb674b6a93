// Storage ports: the narrow interfaces every adapter (memory, SQLite; later PostgreSQL, Redis) implements.
// Each has one conformance suite in ./conformance, run against every adapter.
export type { Json, Versioned, CasResult } from "./json.js";
export type { AuditStore, AuditRow, AuditTail, AuditAppendPlan, AuditQuery, AuditIndexFields, StoredHead } from "./audit.js";
export type { SessionCasResult, SessionStore, StoredSession } from "./sessions.js";
export type { ApprovalStore, ApprovalEntry, ApprovalStatus } from "./approvals.js";
export type { CounterStore, CounterState, Amounts, ReserveRequest, ReserveResult } from "./counters.js";
export type { IdempotencyStore, IdempotencyClaim } from "./idempotency.js";
export type { ControlStore, ControlEntry } from "./control.js";
export type { Store } from "./store.js";
