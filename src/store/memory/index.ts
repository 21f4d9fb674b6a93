// The memory backend: every port in process memory. For tests and `warden` runs that need no persistence.
import type { Store } from "../../ports/store.js";
import { MemoryAuditStore } from "./audit.js";
import { MemorySessionStore } from "./sessions.js";
import { MemoryApprovalStore } from "./approvals.js";
import { MemoryCounterStore } from "./counters.js";
import { MemoryIdempotencyStore } from "./idempotency.js";
import { MemoryControlStore } from "./control.js";

export { MemoryAuditStore, MemorySessionStore, MemoryApprovalStore, MemoryCounterStore, MemoryIdempotencyStore, MemoryControlStore };

export function openMemoryStore(): Store {
  return {
    kind: "memory",
    audit: new MemoryAuditStore(),
    sessions: new MemorySessionStore(),
    approvals: new MemoryApprovalStore(),
    counters: new MemoryCounterStore(),
    idempotency: new MemoryIdempotencyStore(),
    control: new MemoryControlStore(),
    close: async () => {},
  };
}
