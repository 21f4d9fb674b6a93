// Group commit through the writer thread, pipelined: while the worker commits batch k (transaction +
// fsync), the event loop accepts callers and numbers batch k+1 from the tail batch k will leave. At most
// MAX_IN_FLIGHT batches are out at once.
//
// INVARIANT: a caller is resolved only when the worker reports its batch committed (after the fsync).
// INVARIANT: a batch is numbered from the tail the previous batch leaves; the worker refuses it unless the
// database ends exactly there (same seq, same leaf hash). A refused batch (another process appended, or
// an earlier batch failed) and every later one in flight are re-numbered from the real end and resent,
// in their original order: the log stays dense, and no caller is acknowledged twice or lost.
import type { AuditRow, AuditStore, AuditTail } from "../ports/audit.js";
import { WardenError } from "../core/errors/index.js";
import { Frontier } from "../core/audit/index.js";
import { nodeHasher } from "./hash.js";
import type { WriterThread } from "./writer-thread.js";

const MAX_IN_FLIGHT = 2;

export interface Receipt {
  seq: number;
  timestamp: string;
}

/** What the log computes for one batch from a tail. */
export interface BuiltBatch {
  rows: AuditRow[];
  tail: AuditTail;
  receipts: Receipt[];
  heads: [number, string][];
}

export interface PipelineHooks<P, B extends BuiltBatch> {
  build(tail: AuditTail, items: P[]): B;
  /** After the commit, before any caller is resolved. */
  committed(items: P[], built: B): void;
}

interface Waiter<P> {
  p: P;
  resolve: (r: Receipt) => void;
  reject: (e: unknown) => void;
}

interface Flight<P, B> {
  waiters: Waiter<P>[];
  built: B;
  lastLeaf: Uint8Array;
}

export class GroupPipeline<P, B extends BuiltBatch> {
  private queue: Waiter<P>[] = [];
  private readonly flights: Flight<P, B>[] = [];
  /** Tail and last leaf after everything committed / after everything sent. */
  private committedTail: AuditTail;
  private committedLeaf: Uint8Array | null;
  private sentTail: AuditTail;
  private sentLeaf: Uint8Array | null;
  /** Set when a batch was refused or failed: later flights will be refused too; resend once they are back. */
  private resync: { size: number | null; retry: Waiter<P>[] } | null = null;
  private scheduled = false;
  private idle: (() => void)[] = [];

  constructor(
    private readonly writer: WriterThread,
    private readonly store: AuditStore,
    private readonly hooks: PipelineHooks<P, B>,
    start: { tail: AuditTail; lastLeaf: Uint8Array | null },
    private readonly maxBatch: number,
  ) {
    this.committedTail = this.sentTail = start.tail;
    this.committedLeaf = this.sentLeaf = start.lastLeaf;
  }

  /** The tail as last committed by this process (a head signed for it is valid whatever else happens). */
  get tail(): AuditTail {
    return this.committedTail;
  }

  enqueue(p: P): Promise<Receipt> {
    return new Promise<Receipt>((resolve, reject) => {
      this.queue.push({ p, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // Next turn: callers arriving in this one join the same batch.
        setImmediate(() => {
          this.scheduled = false;
          this.pump();
        });
      }
    });
  }

  /** Resolves when everything queued so far has been committed (or has failed). */
  drain(): Promise<void> {
    this.pump();
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /** Store a head (and its checkpoint) through the writer, in order with the batches. */
  async writeHead(size: number, json: string, frontier: Uint8Array[]): Promise<void> {
    await this.writer.write({ start: 0, prevLeaf: null, rows: [], heads: [[size, json, Buffer.concat(frontier)]], purge: [] });
  }

  private isIdle(): boolean {
    return this.queue.length === 0 && this.flights.length === 0 && this.resync === null;
  }

  private pump(): void {
    while (this.resync === null && this.queue.length > 0 && this.flights.length < MAX_IN_FLIGHT) this.send(this.queue.splice(0, this.maxBatch));
    if (this.isIdle()) for (const f of this.idle.splice(0)) f();
  }

  private send(waiters: Waiter<P>[]): void {
    let built: B;
    try {
      built = this.hooks.build(this.sentTail, waiters.map((w) => w.p));
    } catch (err) {
      for (const w of waiters) w.reject(err);
      return;
    }
    const rows: unknown[] = new Array(built.rows.length * 4);
    built.rows.forEach((r, i) => {
      rows[4 * i] = r.seq;
      rows[4 * i + 1] = r.header;
      rows[4 * i + 2] = r.leafHash;
      rows[4 * i + 3] = r.payload;
    });
    const lastLeaf = (built.rows[built.rows.length - 1] as AuditRow).leafHash;
    const flight: Flight<P, B> = { waiters, built, lastLeaf };
    const heads = built.heads.map(([size, json]): [number, string, Uint8Array | null] => [size, json, size === built.tail.size ? Buffer.concat(built.tail.frontier) : null]);
    const start = (built.rows[0] as AuditRow).seq;
    this.flights.push(flight);
    this.writer.write({ start, prevLeaf: this.sentLeaf, rows, heads, purge: [] }).then(
      (r) => this.landed(flight, r, null),
      (e: unknown) => this.landed(flight, null, e),
    );
    this.sentTail = built.tail;
    this.sentLeaf = lastLeaf;
  }

  private landed(flight: Flight<P, B>, stale: number | null, error: unknown): void {
    // Replies come back in the order the jobs were sent.
    this.flights.shift();
    if (error === null && stale === null) {
      this.committedTail = flight.built.tail;
      this.committedLeaf = flight.lastLeaf;
      try {
        this.hooks.committed(flight.waiters.map((w) => w.p), flight.built);
      } finally {
        flight.waiters.forEach((w, i) => w.resolve(flight.built.receipts[i] as Receipt));
      }
    } else {
      this.resync ??= { size: null, retry: [] };
      if (stale !== null) {
        this.resync.size = stale;
        this.resync.retry.push(...flight.waiters);
      } else {
        const err = new WardenError("AUDIT_WRITE_FAILED", `audit record could not be made durable: ${(error as Error).message}`, { cause: error });
        for (const w of flight.waiters) w.reject(err);
      }
    }
    if (this.flights.length === 0 && this.resync) void this.resynchronise();
    else this.pump();
  }

  /** Re-read the real end of the log (records another process appended) and resend the refused batches first. */
  private async resynchronise(): Promise<void> {
    const r = this.resync as { size: number | null; retry: Waiter<P>[] };
    try {
      const from = this.committedTail;
      let tail: AuditTail;
      let leaf: Uint8Array | null;
      if (r.size !== null && r.size >= from.size) {
        const leaves = r.size > from.size ? await this.store.leafHashes(from.size + 1, r.size) : [];
        const f = new Frontier(nodeHasher, from.size, from.frontier);
        for (const h of leaves) f.push(h);
        tail = { size: f.size, frontier: f.subtrees };
        leaf = leaves.length > 0 ? (leaves[leaves.length - 1] as Uint8Array) : this.committedLeaf;
      } else {
        tail = await this.store.tail();
        leaf = tail.size > 0 ? ((await this.store.leafHashes(tail.size, tail.size))[0] ?? null) : null;
      }
      this.committedTail = this.sentTail = tail;
      this.committedLeaf = this.sentLeaf = leaf;
      this.queue = [...r.retry, ...this.queue];
    } catch (err) {
      const e = new WardenError("AUDIT_WRITE_FAILED", `audit log state could not be re-read: ${(err as Error).message}`, { cause: err });
      for (const w of r.retry) w.reject(e);
    }
    this.resync = null;
    this.pump();
  }
}
