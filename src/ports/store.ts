import type { AuditStore } from "./audit.js";
import type { SessionStore } from "./sessions.js";
import type { ApprovalStore } from "./approvals.js";
import type { CounterStore } from "./counters.js";
import type { IdempotencyStore } from "./idempotency.js";
import type { ControlStore } from "./control.js";

/** Every port of one backend, opened together (one SQLite file, one memory instance). */
export interface Store {
  readonly kind: string;
  readonly audit: AuditStore;
  readonly sessions: SessionStore;
  readonly approvals: ApprovalStore;
  readonly counters: CounterStore;
  readonly idempotency: IdempotencyStore;
  readonly control: ControlStore;
  close(): Promise<void>;
}
