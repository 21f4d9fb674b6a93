import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  approvalStoreConformance,
  auditStoreConformance,
  controlStoreConformance,
  counterStoreConformance,
  idempotencyStoreConformance,
  sessionStoreConformance,
  type AdapterFactory,
} from "../../ports/conformance/index.js";
import { openSqliteStore, type SqliteStore } from "./index.js";

// Each adapter under test gets its own fresh database file; the Store is kept so it can be closed.
const opened = new WeakMap<object, { store: SqliteStore; dir: string }>();
function factory<K extends "audit" | "sessions" | "approvals" | "counters" | "idempotency" | "control">(k: K): AdapterFactory<SqliteStore[K]> {
  return {
    make: () => {
      const dir = mkdtempSync(join(tmpdir(), "warden-sqlite-"));
      const store = openSqliteStore(dir);
      opened.set(store[k], { store, dir });
      return store[k];
    },
    dispose: async (a) => {
      const o = opened.get(a);
      if (!o) return;
      await o.store.close();
      rmSync(o.dir, { recursive: true, force: true });
    },
  };
}

auditStoreConformance("sqlite", factory("audit"));
sessionStoreConformance("sqlite", factory("sessions"));
approvalStoreConformance("sqlite", factory("approvals"));
counterStoreConformance("sqlite", factory("counters"));
idempotencyStoreConformance("sqlite", factory("idempotency"));
controlStoreConformance("sqlite", factory("control"));
