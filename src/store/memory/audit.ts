import type { AuditAppendPlan, AuditQuery, AuditRow, AuditStore, AuditTail, StoredHead } from "../../ports/audit.js";
import { AUDIT_FILTER_FIELDS } from "../../ports/validate.js";
import { WardenError } from "../../core/errors/index.js";

interface Entry {
  row: AuditRow;
  fields: Record<string, unknown>;
}

/** In-memory audit store for tests. Not durable: "durable" here means "in this process's memory". */
export class MemoryAuditStore implements AuditStore {
  private readonly entries = new Map<number, Entry>();
  private tailState: AuditTail = { size: 0, frontier: [] };
  private readonly headMap = new Map<number, string>();

  async append(build: (tail: AuditTail) => AuditAppendPlan): Promise<AuditTail> {
    const plan = build({ size: this.tailState.size, frontier: this.tailState.frontier.slice() });
    // INVARIANT: validate the whole plan before touching state, so a bad plan changes nothing.
    plan.rows.forEach((r, i) => {
      if (r.seq !== this.tailState.size + i + 1) throw new WardenError("STORE_INVALID_ARGUMENT", `append out of order: expected seq ${this.tailState.size + i + 1}, got ${r.seq}`);
    });
    if (plan.tail.size !== this.tailState.size + plan.rows.length) throw new WardenError("STORE_INVALID_ARGUMENT", "new tail size does not match the rows appended");
    for (const r of plan.rows) this.entries.set(r.seq, { row: { seq: r.seq, header: r.header, leafHash: r.leafHash.slice(), payload: r.payload }, fields: JSON.parse(r.header) as Record<string, unknown> });
    for (const s of plan.purge ?? []) {
      const e = this.entries.get(s);
      if (e) e.row = { ...e.row, payload: null };
    }
    for (const h of plan.heads ?? []) if (!this.headMap.has(h.treeSize)) this.headMap.set(h.treeSize, h.json);
    this.tailState = { size: plan.tail.size, frontier: plan.tail.frontier.slice() };
    return { size: this.tailState.size, frontier: this.tailState.frontier.slice() };
  }

  async tail(): Promise<AuditTail> {
    return { size: this.tailState.size, frontier: this.tailState.frontier.slice() };
  }

  async get(seq: number): Promise<AuditRow | null> {
    const e = this.entries.get(seq);
    return e ? { ...e.row } : null;
  }

  async *scan(from: number, to: number, batchSize = 1000): AsyncIterable<AuditRow[]> {
    let batch: AuditRow[] = [];
    const end = Math.min(to, this.tailState.size);
    for (let s = Math.max(1, from); s <= end; s++) {
      const e = this.entries.get(s);
      if (!e) continue;
      batch.push({ ...e.row });
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }

  async leafHashes(from: number, to: number): Promise<Uint8Array[]> {
    const out: Uint8Array[] = [];
    for (let s = from; s <= to; s++) {
      const e = this.entries.get(s);
      if (!e) throw new WardenError("STORE_NOT_FOUND", `audit record ${s} is not stored`);
      out.push(e.row.leafHash);
    }
    return out;
  }

  async putHead(head: StoredHead): Promise<void> {
    if (!this.headMap.has(head.treeSize)) this.headMap.set(head.treeSize, head.json);
  }

  async heads(): Promise<StoredHead[]> {
    return [...this.headMap.entries()].sort((a, b) => a[0] - b[0]).map(([treeSize, json]) => ({ treeSize, json }));
  }

  async query(q: AuditQuery): Promise<AuditRow[]> {
    const out: AuditRow[] = [];
    const limit = q.limit ?? Infinity;
    for (let s = (q.after ?? 0) + 1; s <= this.tailState.size && out.length < limit; s++) {
      const e = this.entries.get(s);
      if (!e) continue;
      if (!matches(e.fields, q)) continue;
      out.push({ ...e.row });
    }
    return out;
  }

  async close(): Promise<void> {}
}

function matches(f: Record<string, unknown>, q: AuditQuery): boolean {
  for (const k of AUDIT_FILTER_FIELDS) {
    const want = q[k];
    if (want !== undefined && f[k] !== want) return false;
  }
  const ts = typeof f["timestamp"] === "string" ? f["timestamp"] : "";
  if (q.since !== undefined && ts < q.since) return false;
  if (q.until !== undefined && ts > q.until) return false;
  return true;
}
