import type { AuditAppendPlan, AuditIndexFields, AuditQuery, AuditRow, AuditStore, AuditTail, StoredHead } from "../../ports/audit.js";
import { WardenError } from "../../core/errors/index.js";
import type { Db } from "./open.js";
import type Database from "better-sqlite3";

const HASH_LEN = 32;

interface RawRow {
  seq: number;
  header: string;
  leaf_hash: Buffer;
  payload: string | null;
}

/** The audit log's rows, heads and tail in SQLite. Each append is one IMMEDIATE transaction = one WAL fsync. */
export class SqliteAuditStore implements AuditStore {
  private readonly insert: Database.Statement;
  private readonly readTail: Database.Statement;
  private readonly writeTail: Database.Statement;
  private readonly insertHead: Database.Statement;
  private readonly purgeOne: Database.Statement;
  private readonly getOne: Database.Statement;
  private readonly range: Database.Statement;
  private readonly hashes: Database.Statement;
  private readonly appendTx: Database.Transaction<(build: (tail: AuditTail) => AuditAppendPlan) => AuditTail>;

  constructor(private readonly db: Db) {
    this.insert = db.prepare(
      "INSERT INTO audit_records (seq, header, leaf_hash, payload, ts, kind, session_id, agent_id, tool_name, verdict, risk_tier, tenant) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
    );
    this.readTail = db.prepare("SELECT size, frontier FROM audit_state WHERE id = 1");
    this.writeTail = db.prepare("INSERT INTO audit_state (id, size, frontier) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET size = excluded.size, frontier = excluded.frontier");
    this.insertHead = db.prepare("INSERT OR IGNORE INTO audit_heads (tree_size, json) VALUES (?, ?)");
    this.purgeOne = db.prepare("UPDATE audit_records SET payload = NULL WHERE seq = ?");
    this.getOne = db.prepare("SELECT seq, header, leaf_hash, payload FROM audit_records WHERE seq = ?");
    this.range = db.prepare("SELECT seq, header, leaf_hash, payload FROM audit_records WHERE seq >= ? AND seq <= ? ORDER BY seq LIMIT ?");
    this.hashes = db.prepare("SELECT seq, leaf_hash FROM audit_records WHERE seq >= ? AND seq <= ? ORDER BY seq");
    this.appendTx = db.transaction((build: (tail: AuditTail) => AuditAppendPlan) => {
      const tail = this.tailSync();
      const plan = build(tail);
      if (plan.tail.size !== tail.size + plan.rows.length) throw new WardenError("STORE_INVALID_ARGUMENT", "new tail size does not match the rows appended");
      let expect = tail.size + 1;
      for (const r of plan.rows) {
        // INVARIANT: seqs are dense and in order; the PRIMARY KEY also refuses duplicates.
        if (r.seq !== expect) throw new WardenError("STORE_INVALID_ARGUMENT", `append out of order: expected seq ${expect}, got ${r.seq}`);
        expect += 1;
        const f = r.fields ?? fieldsOf(r.header);
        this.insert.run(r.seq, r.header, r.leafHash, r.payload, f.timestamp, f.kind, f.session_id, f.agent_id, f.tool_name, f.verdict, f.risk_tier, f.tenant);
      }
      for (const s of plan.purge ?? []) this.purgeOne.run(s);
      for (const h of plan.heads ?? []) this.insertHead.run(h.treeSize, h.json);
      this.writeTail.run(plan.tail.size, Buffer.concat(plan.tail.frontier));
      return plan.tail;
    });
  }

  async append(build: (tail: AuditTail) => AuditAppendPlan): Promise<AuditTail> {
    return this.appendSync(build);
  }

  /** Synchronous append, for the log's strict mode: no event-loop turn between the write and its acknowledgement. */
  appendSync(build: (tail: AuditTail) => AuditAppendPlan): AuditTail {
    try {
      return this.appendTx.immediate(build);
    } catch (err) {
      if (err instanceof WardenError || !isSqliteError(err)) throw err;
      throw new WardenError("STORE_UNAVAILABLE", `audit append failed: ${(err as Error).message}`, { cause: err });
    }
  }

  async tail(): Promise<AuditTail> {
    return this.tailSync();
  }

  private tailSync(): AuditTail {
    const t = this.readTail.get() as { size: number; frontier: Buffer } | undefined;
    if (!t) return { size: 0, frontier: [] };
    if (t.frontier.length % HASH_LEN !== 0) throw new WardenError("STORE_CORRUPT", "audit_state.frontier is not a list of 32-byte hashes");
    const frontier: Uint8Array[] = [];
    for (let i = 0; i < t.frontier.length; i += HASH_LEN) frontier.push(new Uint8Array(t.frontier.subarray(i, i + HASH_LEN)));
    return { size: t.size, frontier };
  }

  async get(seq: number): Promise<AuditRow | null> {
    const r = this.getOne.get(seq) as RawRow | undefined;
    return r ? toRow(r) : null;
  }

  async *scan(from: number, to: number, batchSize = 1000): AsyncIterable<AuditRow[]> {
    let next = from;
    for (;;) {
      const rows = this.range.all(next, to, batchSize) as RawRow[];
      if (rows.length === 0) return;
      yield rows.map(toRow);
      next = (rows[rows.length - 1] as RawRow).seq + 1;
    }
  }

  async leafHashes(from: number, to: number): Promise<Uint8Array[]> {
    const rows = this.hashes.all(from, to) as { seq: number; leaf_hash: Buffer }[];
    if (rows.length !== Math.max(0, to - from + 1)) throw new WardenError("STORE_NOT_FOUND", `audit records ${from}..${to} are not all stored`);
    return rows.map((r) => new Uint8Array(r.leaf_hash));
  }

  async putHead(head: StoredHead): Promise<void> {
    this.insertHead.run(head.treeSize, head.json);
  }

  async heads(): Promise<StoredHead[]> {
    return (this.db.prepare("SELECT tree_size, json FROM audit_heads ORDER BY tree_size").all() as { tree_size: number; json: string }[]).map((h) => ({ treeSize: h.tree_size, json: h.json }));
  }

  async query(q: AuditQuery): Promise<AuditRow[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    const eq = (col: string, v: string | undefined): void => {
      if (v === undefined) return;
      where.push(`${col} = ?`);
      args.push(v);
    };
    eq("session_id", q.session_id);
    eq("agent_id", q.agent_id);
    eq("tool_name", q.tool_name);
    eq("verdict", q.verdict);
    eq("risk_tier", q.risk_tier);
    eq("kind", q.kind);
    eq("tenant", q.tenant);
    const cmp = (sql: string, v: string | number | undefined): void => {
      if (v === undefined) return;
      where.push(sql);
      args.push(v);
    };
    cmp("ts >= ?", q.since);
    cmp("ts <= ?", q.until);
    cmp("seq > ?", q.after);
    const sql = `SELECT seq, header, leaf_hash, payload FROM audit_records ${where.length ? "WHERE " + where.join(" AND ") : ""} ORDER BY seq${q.limit !== undefined ? " LIMIT ?" : ""}`;
    if (q.limit !== undefined) args.push(q.limit);
    return (this.db.prepare(sql).all(...args) as RawRow[]).map(toRow);
  }

  async close(): Promise<void> {}
}

function toRow(r: RawRow): AuditRow {
  return { seq: r.seq, header: r.header, leafHash: new Uint8Array(r.leaf_hash), payload: r.payload };
}

function fieldsOf(header: string): AuditIndexFields {
  const h = JSON.parse(header) as Record<string, unknown>;
  const s = (k: string): string | null => (typeof h[k] === "string" ? (h[k] as string) : null);
  return { timestamp: s("timestamp") ?? "", kind: s("kind") ?? "", session_id: s("session_id"), agent_id: s("agent_id"), tool_name: s("tool_name"), verdict: s("verdict"), risk_tier: s("risk_tier"), tenant: s("tenant") };
}

function isSqliteError(err: unknown): boolean {
  return typeof err === "object" && err !== null && typeof (err as { code?: unknown }).code === "string" && String((err as { code: string }).code).startsWith("SQLITE_");
}
