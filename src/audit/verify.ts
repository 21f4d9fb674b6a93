// Offline verification of a whole log: recompute every leaf and the tree, check every signed head,
// find the first bad sequence number. Reads the store only; never writes.
import { availableParallelism, loadavg } from "node:os";
import type { AuditStore } from "../ports/audit.js";
import { Frontier, hexInto, readHeaderFields, toHex, treeRoot, type AuditHeader, type HeaderFields, type SignedTreeHead } from "../core/audit/index.js";
import { leafHashHex, nodeHasher, sha256Hex } from "./hash.js";
import { headVerifier, type PublicKey } from "./keys.js";
import { VerifyPool, type CheckedRows } from "./verify-threads.js";
import type { AuditLeafHexRow, AuditRow } from "../ports/audit.js";

export type FindingKind =
  | "missing_record"
  | "inserted_record"
  | "seq_mismatch"
  | "header_invalid"
  | "leaf_hash_mismatch"
  | "payload_mismatch"
  | "payload_missing"
  | "head_root_mismatch"
  | "head_signature_invalid"
  | "head_beyond_log"
  | "head_fork"
  | "outcome_without_intent";

export interface Finding {
  /** The first sequence number affected. */
  seq: number;
  kind: FindingKind;
  message: string;
}

export interface VerifyReport {
  ok: boolean;
  /** Records found in the log. */
  size: number;
  first_bad_seq: number | null;
  findings: Finding[];
  /** Intents with no outcome: calls that may have run, or crashed between intent and outcome. Reported, not failures. */
  open_intents: number[];
  heads_checked: number;
  /** Largest tree size covered by a head that verified. */
  signed_size: number;
  /** Records after the last verified head (appended since, or forged after it: only a later head can tell). */
  unsigned_tail: number;
  purged: number;
  key_id: string | null;
  key_pinned: boolean;
  warnings: string[];
}

export interface VerifyOptions {
  store: AuditStore;
  /** Key given with --key: heads must be signed by it. */
  pinnedKey?: PublicKey | null;
  /** The data directory's own key, used when none is pinned. */
  localKey?: PublicKey | null;
  /** Heads from outside the database: heads.ndjson, a witness, --since-head. */
  externalHeads?: SignedTreeHead[];
  /** A head saved earlier: the log must still extend it. */
  sinceHead?: SignedTreeHead | null;
  onProgress?: (done: number, total: number) => void;
  batchSize?: number;
  /** Stop collecting after this many findings (the first one is what matters). */
  maxFindings?: number;
  /**
   * Worker threads that read and hash records (SQLite stores only). Default: defaultVerifyThreads(); 0: all
   * in this thread. The findings are the same either way.
   */
  threads?: number;
  /** Records per job handed to a thread (default: the log split in ~8 jobs per thread, 256..8,192). */
  threadChunk?: number;
}

/** Below this many records, starting threads (each loads SQLite) costs more than it saves. */
export const PARALLEL_MIN_RECORDS = 20_000;

function threadCount(o: VerifyOptions, total: number): number {
  if (o.threads !== undefined) return Math.max(0, Math.floor(o.threads));
  return defaultVerifyThreads(total);
}

/**
 * Reader threads verify starts by default: the CPUs left idle by the rest of the machine (CPUs minus the
 * 1-minute load average, rounded down) minus the one the main thread needs, at most 4; none below
 * PARALLEL_MIN_RECORDS records, and none unless at least two fit. Threads cost CPU (their start, copying
 * rows between threads): on an idle 2-CPU machine one reader thread measured slower than none (about 60k
 * against 79-89k records/s on a 100k-record log), so a single reader is never worth starting. The findings
 * are the same either way.
 */
export function defaultVerifyThreads(total: number): number {
  if (total < PARALLEL_MIN_RECORDS) return 0;
  const readers = Math.floor(availableParallelism() - (loadavg()[0] ?? 0)) - 1;
  return readers >= 2 ? Math.min(4, readers) : 0;
}

/** checkInThread for rows whose stored leaf hash came as lower-case hex. */
function checkHexRows(batch: AuditLeafHexRow[]): CheckedRows {
  const n = batch.length;
  const seqs = new Array<number>(n);
  const headers = new Array<string>(n);
  const leaves = new Uint8Array(32 * n);
  const leafOk = new Uint8Array(n);
  const payloadHex = new Array<string | null>(n);
  for (let i = 0; i < n; i++) {
    const row = batch[i] as AuditLeafHexRow;
    seqs[i] = row[0];
    headers[i] = row[1];
    const leaf = leafHashHex(row[1]);
    hexInto(leaves, 32 * i, leaf);
    leafOk[i] = leaf === row[2] ? 1 : 0;
    payloadHex[i] = row[3] === null ? null : sha256Hex(row[3]);
  }
  return { n, seqs, header: (i) => headers[i] as string, leaves, leafOk, payloadHex: (i) => payloadHex[i] ?? null };
}

/**
 * The per-record hashing, in this thread, for stores without a hex scan (the memory store): the rows are
 * put in the hex shape so one routine checks both.
 */
function checkInThread(batch: AuditRow[]): CheckedRows {
  return checkHexRows(batch.map((r): AuditLeafHexRow => [r.seq, r.header, Buffer.from(r.leafHash).toString("hex"), r.payload]));
}

export async function verifyLog(o: VerifyOptions): Promise<VerifyReport> {
  const key = o.pinnedKey ?? o.localKey ?? null;
  const verifies = key ? headVerifier(key) : null;
  const findings: Finding[] = [];
  const warnings: string[] = [];
  const max = o.maxFindings ?? 100;
  const add = (f: Finding): void => {
    if (findings.length < max) findings.push(f);
  };

  // ---- heads: collect, check signatures, detect forks ----
  const all: SignedTreeHead[] = [...(await o.store.heads()).map((h) => JSON.parse(h.json) as SignedTreeHead), ...(o.externalHeads ?? []), ...(o.sinceHead ? [o.sinceHead] : [])];
  const bySize = new Map<number, SignedTreeHead[]>();
  const badSig: SignedTreeHead[] = [];
  for (const h of all) {
    if (verifies && !verifies(h)) {
      badSig.push(h);
      continue;
    }
    const list = bySize.get(h.tree_size) ?? [];
    if (!list.some((x) => x.root_hash === h.root_hash)) list.push(h);
    bySize.set(h.tree_size, list);
  }
  if (!key) warnings.push("no public key: head signatures were not checked (pass --key)");
  else if (!o.pinnedKey) warnings.push(`key not pinned: heads checked against the data directory's own key ${key.keyId}; pass --key to pin it`);
  const sizes = [...bySize.keys()].sort((a, b) => a - b);
  for (const s of sizes) {
    const list = bySize.get(s) as SignedTreeHead[];
    if (list.length > 1) add({ seq: s, kind: "head_fork", message: `two validly signed heads for size ${s} with different roots (${list.map((h) => h.root_hash.slice(0, 16)).join(", ")}): the log was rewritten` });
  }
  const headAt = new Map<number, SignedTreeHead>(sizes.map((s) => [s, (bySize.get(s) as SignedTreeHead[])[0] as SignedTreeHead]));

  // ---- records ----
  // For progress only: the tail is derived from the rows, so it cannot vouch for how many there should be.
  const total = await o.store.tail().then(
    (t) => t.size,
    () => 0,
  );
  const f = new Frontier(nodeHasher);
  const missingPayload: number[] = [];
  const purged = new Set<number>();
  const openIntents = new Set<number>();
  let prevClaim = 0;
  let lastGoodHead = 0;
  let duplicateAt: number | null = null;
  // Root mismatches are placed after the scan: a head only says "something in start..size changed";
  // a precise finding inside that range (a bad digest, a missing seq) names the record.
  const rootMismatches: { start: number; size: number }[] = [];
  const checkHeadsAt = (size: number): void => {
    const h = headAt.get(size);
    if (!h) return;
    if (toHex(f.root()) === h.root_hash) lastGoodHead = size;
    else rootMismatches.push({ start: lastGoodHead + 1, size });
  };
  checkHeadsAt(0);
  const onRows = (c: CheckedRows): void => {
    for (let i = 0; i < c.n; i++) {
      const rowSeq = c.seqs[i] as number;
      const pos = f.size + 1;
      if (rowSeq !== pos) {
        add({ seq: pos, kind: "missing_record", message: `record ${pos}${rowSeq - 1 > pos ? `..${rowSeq - 1}` : ""} is missing (next stored record is ${rowSeq})` });
        // Keep the positions aligned with stored seqs so later checks still name real records.
        while (f.size + 1 < rowSeq) {
          f.push(nodeHasher.empty());
          checkHeadsAt(f.size);
        }
      }
      const seq = rowSeq;
      const header = c.header(i);
      const leafOk = c.leafOk[i] === 1;
      if (!leafOk) add({ seq, kind: "leaf_hash_mismatch", message: `record ${seq}: header does not match its stored leaf hash (a field was modified)` });
      // The fast reader only for a header that hashes to its stored leaf (see header-fields.ts); else full JSON.
      let h: HeaderFields | null = leafOk ? readHeaderFields(header) : null;
      if (!h) {
        try {
          h = JSON.parse(header) as AuditHeader;
        } catch {
          add({ seq, kind: "header_invalid", message: `record ${seq}: header is not JSON` });
        }
      }
      if (h) {
        if (h.seq !== seq) {
          if (h.seq === prevClaim && duplicateAt === null) duplicateAt = seq;
          add({ seq, kind: "seq_mismatch", message: `record at position ${seq} says it is record ${String(h.seq)}: records were inserted, removed or reordered` });
        }
        prevClaim = h.seq;
        const payloadHex = c.payloadHex(i);
        if (payloadHex === null) missingPayload.push(seq);
        else if (!digestMatches(h.payload_sha256, payloadHex)) add({ seq, kind: "payload_mismatch", message: `record ${seq}: payload does not match the digest in its header (the payload was modified)` });
        if (h.kind === "intent") openIntents.add(seq);
        else if (h.kind === "outcome" && h.intent_seq !== null) {
          if (openIntents.has(h.intent_seq)) openIntents.delete(h.intent_seq);
          else add({ seq, kind: "outcome_without_intent", message: `record ${seq}: outcome for ${h.intent_seq}, which is not an open intent before it` });
        } else if (h.kind === "purge" && Array.isArray(h.purged)) {
          for (const [a, b] of h.purged) for (let s = a; s <= b && s < seq; s++) purged.add(s);
        }
      }
      f.push(c.leaves.subarray(32 * i, 32 * i + 32));
      checkHeadsAt(f.size);
    }
    o.onProgress?.(f.size, total);
  };
  // Rows read per query. A batch stays live while it is checked, and every young-generation GC copies it:
  // 512 rows (~0.7 MB) instead of 2,000 cut verify's GC pauses from ~1.1 to ~0.4-0.8 µs a record (measured
  // on a 100k-record log) for ~150 more queries.
  const batchSize = o.batchSize ?? 512;
  // Records up to `total` on worker threads when the log is large, the rest (all of it otherwise, and
  // anything appended while verify runs) in this thread: the same checks in the same order either way.
  let next = 1;
  const threads = threadCount(o, total);
  const file = threads > 0 ? (o.store.dbFile?.() ?? null) : null;
  if (file) {
    const pool = new VerifyPool(file, threads);
    try {
      const chunk = o.threadChunk ?? Math.max(256, Math.min(8192, Math.ceil(total / (threads * 8))));
      const jobs: Promise<CheckedRows>[] = [];
      const submit = (): void => {
        if (next > total) return;
        const to = Math.min(total, next + chunk - 1);
        const job = pool.check(next, to);
        job.catch(() => undefined); // awaited in order below; a failure is handled there, not "unhandled" here
        jobs.push(job);
        next = to + 1;
      };
      // Two jobs per thread in flight: a thread always has the next range while this one folds the last.
      for (let k = 0; k < 2 * threads; k++) submit();
      let done = 0;
      try {
        for (let job = jobs.shift(); job; job = jobs.shift()) {
          const rows = await job;
          submit();
          onRows(rows);
          done++;
        }
      } catch (err) {
        // A thread could not read the file (say, no write access for the WAL index): do it all in this thread.
        if (done > 0) throw err;
        next = 1;
      }
    } finally {
      await pool.close();
    }
  }
  if (o.store.scanLeafHex) for (const batch of o.store.scanLeafHex(next, Number.MAX_SAFE_INTEGER, batchSize)) onRows(checkHexRows(batch));
  else for await (const batch of o.store.scan(next, Number.MAX_SAFE_INTEGER, batchSize)) onRows(checkInThread(batch));
  const size = f.size;
  for (const s of sizes) {
    if (s > size) add({ seq: size + 1, kind: "head_beyond_log", message: `a head is signed for ${s} records but the log has ${size}: records ${size + 1}..${s} were removed (truncated)` });
  }
  for (const h of badSig) {
    const before = sizes.filter((s) => s < h.tree_size && s <= size).pop() ?? 0;
    add({ seq: Math.min(before, lastGoodHead) + 1, kind: "head_signature_invalid", message: `the head for size ${h.tree_size} (key_id ${h.key_id}) is not signed by ${key?.keyId ?? "?"}: records up to ${h.tree_size} are not vouched for` });
  }
  for (const s of missingPayload) {
    if (!purged.has(s)) add({ seq: s, kind: "payload_missing", message: `record ${s}: payload is gone but no purge record names it (deleted outside retention)` });
  }
  if (duplicateAt !== null) await diagnoseInsertion(o.store, duplicateAt, sizes, headAt, add);
  const first = rootMismatches[0];
  if (first) {
    const precise = findings.filter((x) => x.seq >= first.start && x.seq <= first.size).map((x) => x.seq);
    const seq = precise.length > 0 ? Math.min(...precise) : first.start;
    const more = rootMismatches.length > 1 ? ` (and ${rootMismatches.length - 1} later head(s))` : "";
    add({ seq, kind: "head_root_mismatch", message: `records ${first.start}..${first.size} do not match the head signed for size ${first.size}${more}: a record in that range was changed, removed, inserted or reordered` });
  }

  findings.sort((a, b) => a.seq - b.seq);
  const signedSize = Math.max(0, ...sizes.filter((s) => s <= lastGoodHead));
  const unsigned = Math.max(0, size - signedSize);
  if (unsigned > 0) warnings.push(`${unsigned} record(s) after the last signed head (size ${signedSize}) are not yet covered by a signature`);
  if (openIntents.size > 0) warnings.push(`${openIntents.size} intent(s) without an outcome: ${[...openIntents].slice(0, 10).join(", ")}${openIntents.size > 10 ? ", …" : ""}`);
  return {
    ok: findings.length === 0,
    size,
    first_bad_seq: findings[0]?.seq ?? null,
    findings,
    open_intents: [...openIntents],
    heads_checked: all.length,
    signed_size: signedSize,
    unsigned_tail: unsigned,
    purged: purged.size,
    key_id: key?.keyId ?? null,
    key_pinned: Boolean(o.pinnedKey),
    warnings,
  };
}

/** `claimed` is "sha256:" + hex; compared without building the prefixed string per record. */
function digestMatches(claimed: unknown, hex: string): boolean {
  return typeof claimed === "string" && claimed.length === 7 + hex.length && claimed.startsWith("sha256:") && claimed.endsWith(hex);
}

/**
 * Two consecutive records claim the same seq (p-1 and p). Either p-1 was inserted before the original, or
 * p is a copy. Dropping the inserted one must reproduce the first signed head covering p-1; that tells which.
 */
async function diagnoseInsertion(store: AuditStore, p: number, sizes: number[], headAt: Map<number, SignedTreeHead>, add: (f: Finding) => void): Promise<void> {
  const size = sizes.find((s) => s >= p - 1);
  if (size === undefined) return;
  const head = headAt.get(size) as SignedTreeHead;
  const leaves = await store.leafHashes(1, size + 1).catch(() => null);
  if (!leaves) return;
  for (const drop of [p - 1, p]) {
    const kept = leaves.filter((_, i) => i !== drop - 1);
    if (toHex(treeRoot(nodeHasher, kept, size)) === head.root_hash) {
      add({ seq: drop, kind: "inserted_record", message: `record at position ${drop} was inserted: without it the records match the head signed for size ${size}` });
      return;
    }
  }
}
