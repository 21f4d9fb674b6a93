// The embedded backend: every port in one SQLite file (`warden.db` in the data directory), WAL mode,
// safe for several Warden processes sharing the directory.
import type { Store } from "../../ports/store.js";
import { openDb, DB_FILE, type Db, type OpenOptions } from "./open.js";
import { SqliteAuditStore } from "./audit.js";
import { SqliteSessionStore } from "./sessions.js";
import { SqliteApprovalStore } from "./approvals.js";
import { SqliteCounterStore } from "./counters.js";
import { SqliteIdempotencyStore } from "./idempotency.js";
import { SqliteControlStore } from "./control.js";

export { DB_FILE, openDb, SqliteAuditStore, SqliteSessionStore, SqliteApprovalStore, SqliteCounterStore, SqliteIdempotencyStore, SqliteControlStore };
export type { Db, OpenOptions };

export interface SqliteStore extends Store {
  readonly audit: SqliteAuditStore;
  readonly db: Db;
}

export function openSqliteStore(dataDir: string, opts: OpenOptions = {}): SqliteStore {
  const db = openDb(dataDir, opts);
  // Session state and budget counters change on every call; an fsync per change made each governed call
  // wait on the disk four times. They use a second connection with synchronous=NORMAL: crash-safe (WAL)
  // and still atomic across processes (SQLite's locks), and made durable by the next FULL commit on the
  // same WAL: the gateway writes an executed call's session before appending its outcome record, so the
  // outcome's fsync covers it before the call is answered (governed-call.ts, observeThenRecord). The audit log,
  // approvals, idempotency keys and control state stay on the FULL connection.
  const sessionDb = opts.mustExist ? db : openDb(dataDir, { ...opts, synchronous: "NORMAL" });
  return {
    kind: "sqlite",
    db,
    audit: new SqliteAuditStore(db),
    sessions: new SqliteSessionStore(sessionDb),
    approvals: new SqliteApprovalStore(db),
    counters: new SqliteCounterStore(sessionDb),
    idempotency: new SqliteIdempotencyStore(db),
    control: new SqliteControlStore(db),
    close: async () => {
      if (sessionDb !== db && sessionDb.open) sessionDb.close();
      if (db.open) db.close();
    },
  };
}
