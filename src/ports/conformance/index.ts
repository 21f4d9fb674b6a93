// One conformance suite per port. An adapter passes them by calling each with a factory in a vitest file;
// memory and SQLite do so in src/store/*/conformance.test.ts, and PostgreSQL/Redis will do the same.
export type { AdapterFactory } from "./harness.js";
export { auditStoreConformance } from "./audit.js";
export { sessionStoreConformance } from "./sessions.js";
export { approvalStoreConformance } from "./approvals.js";
export { counterStoreConformance } from "./counters.js";
export { idempotencyStoreConformance } from "./idempotency.js";
export { controlStoreConformance } from "./control.js";
