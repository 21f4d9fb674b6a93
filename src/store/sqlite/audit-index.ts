// Query filters for the audit log, kept OFF the append path. Each secondary index costs a WAL page per
// commit, which in strict mode (one fsync per record) nearly doubled the bytes written. So `audit_index`
// is derived data: filled from the headers in batches ("catch-up") after appends and before queries.
// INVARIANT: a record the index has not reached yet is still found: a query reads indexed rows up to the
// watermark through the index and filters the rows after it by their headers directly.
import type { AuditQuery } from "../../ports/audit.js";
import type { Db } from "./open.js";
import type Database from "better-sqlite3";

export interface RawAuditRow {
  seq: number;
  header: string;
  leaf_hash: Buffer;
  payload: string | null;
}

const FIELDS = ["ts", "kind", "session_id", "agent_id", "tool_name", "verdict", "risk_tier", "tenant"] as const;
type Field = (typeof FIELDS)[number];

/** A header field read by SQLite itself; NULL when the header is not JSON (tampered rows must not break appends or queries). */
const fromHeader = (f: Field): string => `(CASE WHEN json_valid(r.header) THEN r.header ->> '$.${f === "ts" ? "timestamp" : f}' END)`;

/** Rows indexed per catch-up transaction: bounded so one catch-up never holds the write lock for long. */
export const CATCH_UP_BATCH = 4096;
/** When to catch up: after this long without an append, or at once when this many records are unindexed. */
export const INDEX_IDLE_MS = 200;
export const INDEX_LAG_MAX = 32_768;

/** The watermark, and the statement that indexes up to ? rows after ? (also run by the group-commit writer thread). */
export const WATERMARK_SQL = "SELECT coalesce(max(seq), 0) AS m FROM audit_index";
export const CATCH_UP_SQL = `INSERT OR IGNORE INTO audit_index (seq, ${FIELDS.join(", ")}) SELECT r.seq, ${FIELDS.map(fromHeader).join(", ")} FROM audit_records r WHERE r.seq > ? ORDER BY r.seq LIMIT ?`;

export class AuditIndex {
  private readonly mark: Database.Statement;
  private readonly fill: Database.Statement;
  private readonly catchUpTx: Database.Transaction<(limit: number) => number>;

  constructor(private readonly db: Db) {
    this.mark = db.prepare(WATERMARK_SQL);
    this.fill = db.prepare(CATCH_UP_SQL);
    this.catchUpTx = db.transaction((limit: number) => this.fill.run(this.watermark(), limit).changes);
  }

  /** Every record with seq ≤ watermark is in the index (records are appended densely, indexed in order). */
  watermark(): number {
    return (this.mark.get() as { m: number }).m;
  }

  /** Index up to `limit` rows past the watermark, in one IMMEDIATE transaction. Returns how many. */
  catchUp(limit = CATCH_UP_BATCH): number {
    return this.catchUpTx.immediate(limit);
  }

  /** Index everything, best effort: a busy or read-only database leaves the rest to the unindexed scan. */
  catchUpAll(): void {
    try {
      while (this.catchUp() === CATCH_UP_BATCH);
    } catch {
      // Derived data only: query() is complete without it, just slower.
    }
  }

  query(q: AuditQuery): RawAuditRow[] {
    const w = this.watermark();
    const limit = q.limit ?? -1; // SQLite: a negative LIMIT means none
    const after = q.after ?? 0;
    const out: RawAuditRow[] = [];
    if (after < w) {
      const { where, args } = filters(q, (f) => `i.${f}`);
      const sql = `SELECT r.seq, r.header, r.leaf_hash, r.payload FROM audit_index i JOIN audit_records r ON r.seq = i.seq WHERE i.seq > ? AND i.seq <= ?${where} ORDER BY i.seq LIMIT ?`;
      out.push(...(this.db.prepare(sql).all(after, w, ...args, limit) as RawAuditRow[]));
    }
    if (limit >= 0 && out.length >= limit) return out;
    const { where, args } = filters(q, fromHeader);
    const sql = `SELECT r.seq, r.header, r.leaf_hash, r.payload FROM audit_records r WHERE r.seq > ?${where} ORDER BY r.seq LIMIT ?`;
    out.push(...(this.db.prepare(sql).all(Math.max(after, w), ...args, limit < 0 ? -1 : limit - out.length) as RawAuditRow[]));
    return out;
  }
}

function filters(q: AuditQuery, col: (f: Field) => string): { where: string; args: unknown[] } {
  let where = "";
  const args: unknown[] = [];
  const add = (sql: string, v: string | undefined): void => {
    if (v === undefined) return;
    where += ` AND ${sql}`;
    args.push(v);
  };
  for (const f of ["session_id", "agent_id", "tool_name", "verdict", "risk_tier", "kind", "tenant"] as const) add(`${col(f)} = ?`, q[f]);
  add(`${col("ts")} >= ?`, q.since);
  add(`${col("ts")} <= ?`, q.until);
  return { where, args };
}
