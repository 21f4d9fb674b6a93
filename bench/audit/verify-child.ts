// Verify as a user runs it: `warden audit verify` is its own process, so the benchmark measures it in a
// fresh child process over the log the group-commit run wrote, with the raw SHA-256 floor over the same
// records' bytes measured in that same child just before and just after verify. One child per round, so
// each verify is a cold start as the CLI's is. In the parent, verify runs right after 100k+ appends and
// inherits their heap and GC state; run.ts prints both.
//   node --import tsx bench/audit/verify-child.ts DIR   → one JSON line on stdout
import Database from "better-sqlite3";
import { join } from "node:path";
import { verifyLog, loadLocalPublicKey } from "../../src/audit/index.js";
import { defaultVerifyThreads } from "../../src/audit/verify.js";
import { openExistingStore } from "../../src/audit/open.js";
import { DB_FILE } from "../../src/store/sqlite/index.js";
import { sha256Rate } from "./floors.js";

export interface VerifyChildResult {
  size: number;
  ok: boolean;
  /** Reader threads verifyLog's default picked (none on a 2-CPU machine). */
  threads: number;
  verifyRate: number;
  /** CPU µs per record of this process (all threads) during verify. */
  verifyCpu: number;
  /** The floor: mean of the runs just before and just after verify. */
  shaRate: number;
  shaCpu: number;
}

const cpuUs = (): number => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

/**
 * Each record's stored bytes (header + payload, as UTF-8), read once, outside any timing, into one
 * buffer: 100k separate Buffers held through verify made its GC measurably dearer (13 against 10 µs).
 */
function recordBytes(dir: string): Buffer[] {
  const db = new Database(join(dir, DB_FILE), { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare("SELECT header, payload FROM audit_records ORDER BY seq").raw(true).all() as [string, string | null][];
    const all = Buffer.from(rows.map(([h, p]) => h + (p ?? "")).join(""), "utf8");
    let at = 0;
    return rows.map(([h, p]) => {
      const n = Buffer.byteLength(h) + (p === null ? 0 : Buffer.byteLength(p));
      at += n;
      return all.subarray(at - n, at);
    });
  } finally {
    db.close();
  }
}

/** Collect garbage when the child runs with --expose-gc (run.ts passes it), so timings start from a settled heap. */
const settle = (): void => (globalThis as { gc?: () => void }).gc?.();

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir) throw new Error("usage: verify-child.ts DIR");
  const key = loadLocalPublicKey(dir);
  // The floor's 130 MB of records is read, hashed and dropped before verify starts: held through verify
  // it made verify's GC dearer (15-17 against 10-11 µs a record), which a real verify never pays.
  const hashOnce = (): { rate: number; cpu: number; n: number } => {
    const recs = recordBytes(dir);
    settle();
    const c0 = cpuUs();
    const rate = sha256Rate(recs);
    return { rate, cpu: (cpuUs() - c0) / recs.length, n: recs.length };
  };
  const floor = (): { rate: number; cpu: number; n: number } => {
    const r = hashOnce();
    settle(); // the records are unreachable once hashOnce returns
    return r;
  };
  const before = floor();
  // verifyLog's defaults, as `warden audit verify` runs it (on a 2-CPU machine: no reader threads).
  const threads = defaultVerifyThreads(before.n);
  const store = openExistingStore(dir);
  const t0 = performance.now();
  const c0 = cpuUs();
  const v = await verifyLog({ store: store.audit, pinnedKey: key, threads });
  const ms = performance.now() - t0;
  const verifyCpu = (cpuUs() - c0) / v.size;
  await store.close();
  const after = floor();
  const out: VerifyChildResult = { size: v.size, ok: v.ok, threads, verifyRate: v.size / (ms / 1000), verifyCpu, shaRate: (before.rate + after.rate) / 2, shaCpu: (before.cpu + after.cpu) / 2 };
  process.stdout.write(JSON.stringify(out) + "\n");
}

await main();
