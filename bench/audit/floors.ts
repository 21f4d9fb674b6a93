// Raw floors, measured in the same process on the same disk as the audit log: what the hardware and
// libraries can do with no Warden logic at all.
import { closeSync, fsyncSync, openSync, writeSync } from "node:fs";
import { createHash } from "node:crypto";
import { join } from "node:path";
import Database from "better-sqlite3";

/** Records/s appending `recs` to a file, one fsync per `perSync` records. */
export function fileAppend(dir: string, recs: Buffer[], perSync: number): number {
  const fd = openSync(join(dir, `floor-${perSync}-${process.hrtime.bigint()}.log`), "a");
  const t0 = performance.now();
  for (let i = 0; i < recs.length; i++) {
    writeSync(fd, recs[i] as Buffer);
    if ((i + 1) % perSync === 0 || i === recs.length - 1) fsyncSync(fd);
  }
  const s = (performance.now() - t0) / 1000;
  closeSync(fd);
  return recs.length / s;
}

/** Records/s inserting `recs` into a WAL SQLite table (synchronous=FULL), `perTx` rows per transaction. */
export function sqliteInsert(dir: string, recs: Buffer[], perTx: number): number {
  const db = new Database(join(dir, `floor-${perTx}-${process.hrtime.bigint()}.db`));
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.exec("CREATE TABLE t (seq INTEGER PRIMARY KEY, body BLOB NOT NULL)");
  const ins = db.prepare("INSERT INTO t (seq, body) VALUES (?, ?)");
  const tx = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) ins.run(i + 1, recs[i]);
  });
  const t0 = performance.now();
  for (let i = 0; i < recs.length; i += perTx) tx.immediate(i, Math.min(recs.length, i + perTx));
  const s = (performance.now() - t0) / 1000;
  db.close();
  return recs.length / s;
}

/** Records/s hashing each record's bytes once with SHA-256. */
export function sha256Rate(recs: Buffer[]): number {
  const t0 = performance.now();
  let x = 0;
  for (const r of recs) x ^= (createHash("sha256").update(r).digest()[0] as number);
  const s = (performance.now() - t0) / 1000;
  if (x === 256) console.log(""); // keep the work observable
  return recs.length / s;
}

/**
 * A durable sink the strict comparison can feed one record at a time: the raw floors and the audit log
 * are interleaved in small slices, so a disk whose fsync latency drifts (a shared machine) affects
 * all three alike and the ratios stay meaningful.
 */
export interface Sink {
  write(i: number): void | Promise<unknown>;
  close(): void | Promise<unknown>;
}

export function fileSink(dir: string, recs: Buffer[]): Sink {
  const fd = openSync(join(dir, `floor-sink-${process.hrtime.bigint()}.log`), "a");
  return {
    write: (i) => {
      writeSync(fd, recs[i] as Buffer);
      fsyncSync(fd);
    },
    close: () => closeSync(fd),
  };
}

export function sqliteSink(dir: string, recs: Buffer[]): Sink {
  const db = new Database(join(dir, `floor-sink-${process.hrtime.bigint()}.db`));
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.exec("CREATE TABLE t (seq INTEGER PRIMARY KEY, body BLOB NOT NULL)");
  const ins = db.prepare("INSERT INTO t (seq, body) VALUES (?, ?)");
  const tx = db.transaction((i: number) => ins.run(i + 1, recs[i]));
  return {
    write: (i) => void tx.immediate(i),
    close: () => void db.close(),
  };
}

/** Records/s for each sink, fed `n` records in `slices` alternating slices; total time per sink. */
export async function interleaved(sinks: Record<string, Sink>, n: number, slices: number): Promise<Record<string, number>> {
  const spent: Record<string, number> = Object.fromEntries(Object.keys(sinks).map((k) => [k, 0]));
  const per = Math.ceil(n / slices);
  for (let from = 0; from < n; from += per) {
    for (const [k, sink] of Object.entries(sinks)) {
      const t0 = performance.now();
      for (let i = from; i < Math.min(n, from + per); i++) await sink.write(i);
      spent[k] = (spent[k] as number) + performance.now() - t0;
    }
  }
  for (const sink of Object.values(sinks)) await sink.close();
  return Object.fromEntries(Object.entries(spent).map(([k, ms]) => [k, n / (ms / 1000)]));
}
