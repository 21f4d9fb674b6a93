// The storage side of the audit log. The log (src/audit) computes hashes and heads; the store keeps rows
// in sequence order and makes an append durable and atomic. It never interprets a header beyond the
// fields a query filters on.

/** Header fields a store indexes for queries. The writer passes them so the store need not parse the header. */
export interface AuditIndexFields {
  timestamp: string;
  kind: string;
  session_id: string | null;
  agent_id: string | null;
  tool_name: string | null;
  verdict: string | null;
  risk_tier: string | null;
  tenant: string | null;
}

/** One stored record. `header` is the canonical JSON that is the Merkle leaf; `payload` may be purged (null). */
export interface AuditRow {
  seq: number;
  header: string;
  leafHash: Uint8Array;
  payload: string | null;
  /** Optional on append (parsed from `header` when absent); never returned by reads. */
  fields?: AuditIndexFields;
}

/** The end of the log: its size and the compact-range nodes (see core/audit/frontier.ts). */
export interface AuditTail {
  size: number;
  frontier: Uint8Array[];
}

/** A stored signed tree head, as its JSON text (the log writes and parses it). */
export interface StoredHead {
  treeSize: number;
  json: string;
}

/** What an append writes, computed from the tail the store hands over inside its write lock. */
export interface AuditAppendPlan {
  rows: AuditRow[];
  tail: AuditTail;
  /** Signed heads to store in the same transaction. */
  heads?: StoredHead[];
  /** Seqs whose payloads are deleted in the same transaction (retention). */
  purge?: number[];
}

export interface AuditQuery {
  session_id?: string;
  agent_id?: string;
  tool_name?: string;
  verdict?: string;
  risk_tier?: string;
  kind?: string;
  tenant?: string;
  /** ISO 8601 timestamps, inclusive; compared as text (all stored timestamps are UTC, same format). */
  since?: string;
  until?: string;
  /** Only rows with seq > after (paging). */
  after?: number;
  limit?: number;
}

export interface AuditStore {
  /**
   * Append atomically. `build` runs inside the store's exclusive write lock with the current tail and must
   * be synchronous and pure apart from its return value.
   * INVARIANT: rows are numbered tail.size+1, tail.size+2, … and either all of the plan is stored or none.
   * DURABILITY: the promise resolves only after the write is on stable storage (fsync or equivalent).
   */
  append(build: (tail: AuditTail) => AuditAppendPlan): Promise<AuditTail>;
  tail(): Promise<AuditTail>;
  get(seq: number): Promise<AuditRow | null>;
  /** Rows with from ≤ seq ≤ to in ascending seq order, in batches. Missing seqs are simply absent. */
  scan(from: number, to: number, batchSize?: number): AsyncIterable<AuditRow[]>;
  /** Stored leaf hashes for seqs from..to (inclusive), in order; used to build proofs. */
  leafHashes(from: number, to: number): Promise<Uint8Array[]>;
  putHead(head: StoredHead): Promise<void>;
  /** Every stored head, ascending tree size. */
  heads(): Promise<StoredHead[]>;
  query(q: AuditQuery): Promise<AuditRow[]>;
  close(): Promise<void>;
  /**
   * Optional fast path for verify: rows as [seq, header, stored leaf hash as lower-case hex, payload], in
   * batches, ascending. Stores without it are verified through scan().
   */
  scanLeafHex?(from: number, to: number, batchSize?: number): Iterable<AuditLeafHexRow[]>;
  /** Optional: the database file, which verify's reader threads open read-only. */
  dbFile?(): string | null;
}

export type AuditLeafHexRow = [seq: number, header: string, leafHex: string, payload: string | null];
