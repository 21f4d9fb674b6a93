// Open the audit log of a data directory: SQLite store, signing key (created on first use), heads.ndjson.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { openSqliteStore, DB_FILE, type SqliteStore } from "../store/sqlite/index.js";
import { WardenError } from "../core/errors/index.js";
import { AuditLog, type AuditLogOptions } from "./log.js";
import { loadOrCreateSigningKey, type SigningKey } from "./keys.js";
import { HeadsFile } from "./heads-file.js";

export interface OpenedAudit {
  dataDir: string;
  store: SqliteStore;
  log: AuditLog;
  key: SigningKey;
  /** Flush, sign a final head, close the log and the database. */
  close(): Promise<void>;
}

export type OpenAuditOptions = Omit<AuditLogOptions, "store" | "key" | "headsFile">;

export async function openAudit(dataDir: string, opts: OpenAuditOptions = {}): Promise<OpenedAudit> {
  const store = openSqliteStore(dataDir);
  try {
    const key = loadOrCreateSigningKey(dataDir);
    // Group commit runs its transactions on a worker thread (its own connection to the same file) unless told not to.
    const writerThread = opts.writerThread !== undefined ? opts.writerThread : { file: join(dataDir, DB_FILE) };
    const log = await AuditLog.open({ ...opts, writerThread, store: store.audit, key, headsFile: HeadsFile.inDir(dataDir) });
    return {
      dataDir,
      store,
      log,
      key,
      close: async () => {
        try {
          await log.close();
        } finally {
          await store.close();
        }
      },
    };
  } catch (err) {
    await store.close();
    throw err;
  }
}

/** Open an existing store for reading (verify, prove, query, export); never creates an empty log. */
export function openExistingStore(dataDir: string): SqliteStore {
  if (!existsSync(join(dataDir, DB_FILE))) throw new WardenError("STORE_UNAVAILABLE", `no audit log in ${dataDir} (${DB_FILE} not found); pass --data DIR or set WARDEN_DATA`);
  return openSqliteStore(dataDir, { mustExist: true });
}
