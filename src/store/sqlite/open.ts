// Opening the embedded database: one file, WAL, safe for several processes.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { WardenError } from "../../core/errors/index.js";
import { MIGRATIONS, SCHEMA, SCHEMA_VERSION } from "./schema.js";

export type Db = Database.Database;

export const DB_FILE = "warden.db";

export interface OpenOptions {
  /** Milliseconds a writer waits for another process's lock before STORE_UNAVAILABLE. */
  busyTimeoutMs?: number;
  /** Open an existing database only (verify/query must not create an empty log by accident). */
  mustExist?: boolean;
  /**
   * FULL (default): every commit fsyncs the WAL before it returns. NORMAL: commits survive a process crash
   * but may be lost with the last moments before a power loss; used for session state only.
   */
  synchronous?: "FULL" | "NORMAL";
}

export function openDb(dataDir: string, opts: OpenOptions = {}): Db {
  let db: Db;
  try {
    if (!opts.mustExist) mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    db = new Database(join(dataDir, DB_FILE), { timeout: opts.busyTimeoutMs ?? 5000, fileMustExist: opts.mustExist ?? false });
  } catch (err) {
    throw new WardenError("STORE_UNAVAILABLE", `cannot open ${join(dataDir, DB_FILE)}: ${(err as Error).message}`, { cause: err });
  }
  try {
    // WAL lets readers (verify, query) run while a gateway writes; FULL makes every commit fsync the WAL,
    // which is what "durable before return" means for the audit log and for budgets.
    // Switching a fresh file to WAL needs an exclusive lock, and SQLite does not call the busy handler
    // for it: two processes starting on one new directory would see SQLITE_BUSY, so retry until the timeout.
    retryBusy(() => db.pragma("journal_mode = WAL"), opts.busyTimeoutMs ?? 5000);
    db.pragma(`synchronous = ${opts.synchronous === "NORMAL" ? "NORMAL" : "FULL"}`);
    db.pragma("foreign_keys = ON");
    retryBusy(() => migrate(db), opts.busyTimeoutMs ?? 5000);
  } catch (err) {
    db.close();
    if (err instanceof WardenError) throw err;
    throw new WardenError("STORE_UNAVAILABLE", `cannot prepare ${join(dataDir, DB_FILE)}: ${(err as Error).message}`, { cause: err });
  }
  return db;
}

const pause = new Int32Array(new SharedArrayBuffer(4));

function retryBusy<T>(fn: () => T, timeoutMs: number): T {
  const deadline = Date.now() + timeoutMs;
  for (let wait = 5; ; wait = Math.min(wait * 2, 100)) {
    try {
      return fn();
    } catch (err) {
      if ((err as { code?: string }).code !== "SQLITE_BUSY" || Date.now() >= deadline) throw err;
      Atomics.wait(pause, 0, 0, wait); // synchronous sleep: opening is synchronous and happens once at start
    }
  }
}

function migrate(db: Db): void {
  const current = db.pragma("user_version", { simple: true }) as number;
  if (current > SCHEMA_VERSION) throw new WardenError("STORE_CORRUPT", `database schema version ${current} is newer than this Warden understands (${SCHEMA_VERSION})`);
  if (current === SCHEMA_VERSION) return;
  // Two processes may open a fresh file at once: the IMMEDIATE transaction serialises the migration.
  db.transaction(() => {
    const again = db.pragma("user_version", { simple: true }) as number;
    if (again >= SCHEMA_VERSION) return;
    if (again === 0) db.exec(SCHEMA);
    else for (const m of MIGRATIONS.slice(again - 1)) db.exec(m);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}

/** Run fn in a BEGIN IMMEDIATE transaction: the write lock is taken up front, so read-check-write is atomic across processes. */
export function immediate<T>(db: Db, fn: () => T): T {
  return db.transaction(fn).immediate();
}
