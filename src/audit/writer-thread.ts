// The group-commit writer on a worker thread: its own SQLite connection (WAL, synchronous=FULL) runs each
// batch's IMMEDIATE transaction and fsync, so the event loop keeps serving callers (and preparing the next
// batch: redaction, canonical JSON, hashing) while the disk works.
//
// The worker only executes what the log computed. The log numbers a batch from the tail it expects; the
// worker checks, inside the write lock, that the last stored record is exactly the one the batch follows
// (its seq AND its leaf hash) and otherwise writes nothing and answers "stale" with the real size: another
// process appended meanwhile (or an earlier batch failed), and the log re-numbers and resubmits.
// INVARIANT: a job is acknowledged only after its transaction committed (fsync'd); jobs run in order.
import { Worker } from "node:worker_threads";
import { createRequire } from "node:module";
import { CATCH_UP_BATCH, CATCH_UP_SQL, INDEX_IDLE_MS, INDEX_LAG_MAX, WATERMARK_SQL } from "../store/sqlite/audit-index.js";
import { AUDIT_WRITE_SQL, INSERT_CHUNK } from "../store/sqlite/audit-sql.js";

export interface WriterJob {
  /** Seq of the first row; the row before it must be (start - 1, prevLeaf). 0 for a heads-only job. */
  start: number;
  prevLeaf: Uint8Array | null;
  /** seq, header, leaf hash, payload for each row, flattened. */
  rows: unknown[];
  /** tree_size, json, frontier checkpoint (or null). */
  heads: [number, string, Uint8Array | null][];
  /** Seqs whose payloads are deleted in the same transaction (retention). */
  purge: number[];
}

/** null: committed. A number: nothing written, the log really ends at that seq. */
export type WriterResult = number | null;

interface Reply {
  id: number;
  stale?: number | null;
  error?: string;
  code?: string;
}

// Plain JavaScript, run with eval: it must load the same way under tsx, vitest and the compiled package.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.sqlite);
const db = new Database(workerData.file, { timeout: workerData.busyTimeoutMs, fileMustExist: true });
db.pragma("synchronous = FULL");
const sql = workerData.sql;
const CHUNK = workerData.chunk;
const last = db.prepare(sql.lastRow);
const one = db.prepare(sql.insertOne);
const many = db.prepare(sql.insertMany);
const head = db.prepare(sql.insertHead);
const purge = db.prepare(sql.purgeOne);
const same = (a, b) => a.length === b.length && Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.length), Buffer.from(b.buffer, b.byteOffset, b.length)) === 0;
const tx = db.transaction((job) => {
  if (job.start > 0) {
    const l = last.get();
    const size = l ? l.seq : 0;
    if (size !== job.start - 1) return size;
    if (size > 0 && !(job.prevLeaf && same(l.leaf_hash, job.prevLeaf))) return size;
  }
  const r = job.rows;
  const n = r.length / 4;
  let i = 0;
  for (; i + CHUNK <= n; i += CHUNK) many.run(r.slice(4 * i, 4 * (i + CHUNK)));
  for (; i < n; i++) one.run(r[4 * i], r[4 * i + 1], r[4 * i + 2], r[4 * i + 3]);
  for (const s of job.purge) purge.run(s);
  for (const h of job.heads) head.run(h[0], h[1], h[2]);
  return null;
});
// The query index is derived data, kept off the commit path (see store/sqlite/audit-index.ts): caught up
// here when appends pause, or at once when the lag reaches its bound, never delaying a reply.
const ix = workerData.index;
const watermark = db.prepare(ix.watermarkSql);
const fill = db.prepare(ix.catchUpSql);
const catchUp = db.transaction(() => fill.run(watermark.get().m, ix.batch).changes);
let mark = 0;
let idle = null;
const indexSome = () => {
  try {
    const n = catchUp.immediate();
    mark = watermark.get().m;
    return n;
  } catch (e) {
    return 0; // busy or failing: the next commit or query tries again
  }
};
const onIdle = () => {
  idle = null;
  if (indexSome() === ix.batch) idle = setTimeout(onIdle, 0);
};
const afterCommit = (size) => {
  if (size - mark >= ix.lagMax) indexSome();
  else if (idle) idle.refresh();
  else idle = setTimeout(onIdle, ix.idleMs);
};
parentPort.on("message", (msg) => {
  if (msg === null) {
    if (idle) clearTimeout(idle);
    db.close();
    parentPort.close();
    return;
  }
  let stale;
  try {
    stale = tx.immediate(msg.job);
    parentPort.postMessage({ id: msg.id, stale });
  } catch (e) {
    parentPort.postMessage({ id: msg.id, error: String((e && e.message) || e), code: e && e.code });
    return;
  }
  if (stale === null && msg.job.start > 0) afterCommit(msg.job.start - 1 + msg.job.rows.length / 4);
});
`;

export class WriterThread {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: WriterResult) => void; reject: (e: Error) => void }>();
  private dead: Error | null = null;
  private readonly exited: Promise<void>;

  constructor(file: string, busyTimeoutMs = 5000) {
    const sqlite = createRequire(import.meta.url).resolve("better-sqlite3");
    const index = { watermarkSql: WATERMARK_SQL, catchUpSql: CATCH_UP_SQL, batch: CATCH_UP_BATCH, idleMs: INDEX_IDLE_MS, lagMax: INDEX_LAG_MAX };
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, sqlite, busyTimeoutMs, index, sql: AUDIT_WRITE_SQL, chunk: INSERT_CHUNK } });
    this.worker.unref();
    this.worker.on("message", (m: Reply) => this.settle(m));
    this.worker.on("error", (e) => this.fail(e));
    this.exited = new Promise((resolve) =>
      this.worker.once("exit", () => {
        this.fail(new Error("the audit writer thread exited"));
        resolve();
      }),
    );
  }

  write(job: WriterJob): Promise<WriterResult> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    // A pending durable write keeps the process alive; an idle writer does not.
    if (this.pending.size === 0) this.worker.ref();
    return new Promise<WriterResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, job });
    });
  }

  /** Finish the jobs already sent, close the connection, end the thread. */
  async close(): Promise<void> {
    if (!this.dead) this.worker.postMessage(null);
    this.worker.ref();
    await this.exited;
  }

  private settle(m: Reply): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (this.pending.size === 0) this.worker.unref();
    if (m.error !== undefined) p.reject(Object.assign(new Error(m.error), { code: m.code }));
    else p.resolve(m.stale ?? null);
  }

  private fail(e: Error): void {
    if (!this.dead) this.dead = e;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }
}
