// Verify's data-parallel part on worker threads: each worker has its own read-only connection to the
// SQLite file, reads a range of records, hashes every header (the leaf) and every payload, and compares the
// leaf with the stored one. The main thread keeps everything that depends on order (the tree, heads, seq
// checks, intents, purges) and reads the header fields itself, with the same code as the one-thread path.
// What a worker computes is exactly what verify computes in-line (leafHashOf, sha256Hex); the tests run
// both paths over the same tampered logs and expect the same reports.
import { Worker } from "node:worker_threads";
import { createRequire } from "node:module";
import { SCAN_MMAP_BYTES } from "../store/sqlite/audit-sql.js";

/** One range of records, checked: column arrays, row i is seqs[i]. */
export interface CheckedRows {
  n: number;
  seqs: ArrayLike<number>;
  header(i: number): string;
  /** Recomputed leaf hashes, 32 bytes per row. */
  leaves: Uint8Array;
  /** 1 when the recomputed leaf equals the stored leaf_hash. */
  leafOk: Uint8Array;
  /** Hex SHA-256 of the stored payload, or null when the payload is NULL (purged or deleted). */
  payloadHex(i: number): string | null;
}

interface Reply {
  id: number;
  error?: string;
  seqs?: Float64Array;
  /** All headers of the range joined, and where each ends: one string to copy between threads, not n. */
  headerText?: string;
  headerEnds?: Uint32Array;
  leaves?: Uint8Array;
  leafOk?: Uint8Array;
  /** 64 hex characters per row (spaces when payloadNull). */
  hexText?: string;
  payloadNull?: Uint8Array;
}

// Plain JavaScript, run with eval, like the writer thread: it loads the same way under tsx, vitest and the
// compiled package. The leaf is SHA-256 of "\0" + header as UTF-8, as leafHashOf() computes it.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { hash } = require("node:crypto");
const Database = require(workerData.sqlite);
const db = new Database(workerData.file, { readonly: true, fileMustExist: true, timeout: workerData.busyTimeoutMs });
db.pragma("mmap_size = " + workerData.mmapBytes); // see SqliteAuditStore.scanLeafHex
const BLANK = " ".repeat(64);
// The leaf comes out of the hash as hex (cheaper than a Buffer), is compared as hex, and is decoded into
// the reply's bytes here, as hexInto() does on the main thread.
const hexInto = (out, at, hex) => {
  for (let i = 0; i < 32; i++) {
    const a = hex.charCodeAt(2 * i);
    const b = hex.charCodeAt(2 * i + 1);
    out[at + i] = ((a > 57 ? a - 87 : a - 48) << 4) | (b > 57 ? b - 87 : b - 48);
  }
};
// The stored leaf as hex: cheaper to read than a Buffer (see SqliteAuditStore.scanLeafHex).
const range = db.prepare("SELECT seq, header, lower(hex(leaf_hash)), payload FROM audit_records WHERE seq >= ? AND seq <= ? ORDER BY seq").raw(true);
parentPort.on("message", (m) => {
  if (m === null) {
    db.close();
    parentPort.close();
    return;
  }
  try {
    const rows = range.all(m.from, m.to);
    const n = rows.length;
    const seqs = new Float64Array(n);
    const leaves = new Uint8Array(32 * n);
    const leafOk = new Uint8Array(n);
    const headers = new Array(n);
    const headerEnds = new Uint32Array(n);
    const hex = new Array(n);
    const payloadNull = new Uint8Array(n);
    let end = 0;
    for (let i = 0; i < n; i++) {
      const r = rows[i];
      seqs[i] = r[0];
      const header = String(r[1]);
      headers[i] = header;
      end += header.length;
      headerEnds[i] = end;
      const leaf = hash("sha256", "\\u0000" + header, "hex");
      hexInto(leaves, 32 * i, leaf);
      leafOk[i] = leaf === r[2] ? 1 : 0;
      if (r[3] === null) {
        payloadNull[i] = 1;
        hex[i] = BLANK;
      } else hex[i] = hash("sha256", r[3], "hex");
    }
    const reply = { id: m.id, seqs, headerText: headers.join(""), headerEnds, leaves, leafOk, hexText: hex.join(""), payloadNull };
    parentPort.postMessage(reply, [seqs.buffer, headerEnds.buffer, leaves.buffer, leafOk.buffer, payloadNull.buffer]);
  } catch (e) {
    parentPort.postMessage({ id: m.id, error: String((e && e.message) || e) });
  }
});
`;

/** A few reader threads; jobs are handed out round-robin and each thread answers in order. */
export class VerifyPool {
  private readonly workers: Worker[];
  private nextId = 1;
  private turn = 0;
  private readonly pending = new Map<number, { resolve: (r: CheckedRows) => void; reject: (e: Error) => void }>();
  private dead: Error | null = null;

  constructor(file: string, threads: number, busyTimeoutMs = 5000) {
    const sqlite = createRequire(import.meta.url).resolve("better-sqlite3");
    this.workers = Array.from({ length: threads }, () => {
      // execArgv: []: the source is plain CommonJS; a TypeScript loader the parent runs under (tsx) is not needed.
      const w = new Worker(WORKER_SOURCE, { eval: true, execArgv: [], workerData: { file, sqlite, busyTimeoutMs, mmapBytes: SCAN_MMAP_BYTES } });
      w.on("message", (m: Reply) => this.settle(m));
      w.on("error", (e) => this.fail(e));
      w.on("exit", () => this.fail(new Error("a verify thread exited")));
      return w;
    });
  }

  get size(): number {
    return this.workers.length;
  }

  /** Check the stored records with from ≤ seq ≤ to. */
  check(from: number, to: number): Promise<CheckedRows> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    const w = this.workers[this.turn++ % this.workers.length] as Worker;
    return new Promise<CheckedRows>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      w.postMessage({ id, from, to });
    });
  }

  async close(): Promise<void> {
    const dead = this.dead;
    this.dead ??= new Error("the verify threads were closed");
    await Promise.all(
      this.workers.map(async (w) => {
        if (dead) await w.terminate();
        else {
          const exited = new Promise((resolve) => w.once("exit", resolve));
          w.postMessage(null);
          await exited;
        }
      }),
    );
  }

  private settle(m: Reply): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (m.error !== undefined) p.reject(new Error(m.error));
    else {
      const seqs = m.seqs as Float64Array;
      const text = m.headerText as string;
      const ends = m.headerEnds as Uint32Array;
      const hexText = m.hexText as string;
      const isNull = m.payloadNull as Uint8Array;
      p.resolve({
        n: seqs.length,
        seqs,
        header: (i) => text.slice(i === 0 ? 0 : (ends[i - 1] as number), ends[i] as number),
        leaves: m.leaves as Uint8Array,
        leafOk: m.leafOk as Uint8Array,
        payloadHex: (i) => (isNull[i] === 1 ? null : hexText.slice(64 * i, 64 * i + 64)),
      });
    }
  }

  private fail(e: Error): void {
    if (!this.dead) this.dead = e;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }
}
