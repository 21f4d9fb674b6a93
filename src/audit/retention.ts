// Retention (seed 002 §3): payloads older than their category's hot period are archived to compressed
// NDJSON (cold) and purged from the store; each purge is itself an audit record. Headers stay forever,
// so the tree still verifies and proofs for untouched records still hold.
import { closeSync, fsyncSync, mkdirSync, openSync, writeSync, readdirSync, statSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { WardenError } from "../core/errors/index.js";
import type { AuditHeader, RetentionCategory } from "../core/audit/index.js";
import type { AuditStore } from "../ports/audit.js";
import type { AuditLog } from "./log.js";
import { sha256HexBytes } from "./hash.js";

export interface RetentionRule {
  /** Days a payload stays in the store. */
  hot_days: number;
  /** Days the archive file is kept after that (0: deleted at purge time — nothing archived). */
  cold_days: number;
}

export type RetentionPolicy = Record<RetentionCategory, RetentionRule>;

const DAY = 86_400_000;

/** Seed 002 §3: tool calls 90 days hot / 1 year cold; high-risk and approvals 3 years; context 30 days. */
export const DEFAULT_RETENTION: RetentionPolicy = {
  tool_call: { hot_days: 90, cold_days: 365 },
  high_risk: { hot_days: 3 * 365, cold_days: 0 },
  approval: { hot_days: 3 * 365, cold_days: 0 },
  context: { hot_days: 30, cold_days: 0 },
  control: { hot_days: 3 * 365, cold_days: 0 },
};

export interface RetentionResult {
  purged: number;
  purge_seq: number | null;
  archives: string[];
  deleted_archives: string[];
}

export interface RetentionOptions {
  store: AuditStore;
  log: AuditLog;
  archiveDir: string;
  now: number;
  policy?: Partial<RetentionPolicy>;
}

export async function applyRetention(o: RetentionOptions): Promise<RetentionResult> {
  const policy: RetentionPolicy = { ...DEFAULT_RETENTION, ...o.policy };
  const due = new Map<RetentionCategory, { seq: number; header: string; payload: string }[]>();
  const tail = await o.store.tail();
  for await (const batch of o.store.scan(1, tail.size, 2000)) {
    for (const row of batch) {
      if (row.payload === null) continue;
      const h = JSON.parse(row.header) as AuditHeader;
      if (h.kind === "purge") continue; // purge records are the evidence; their payload is tiny and kept
      const rule = policy[h.category];
      if (!rule) continue;
      if (Date.parse(h.timestamp) + rule.hot_days * DAY <= o.now) {
        const list = due.get(h.category) ?? [];
        list.push({ seq: row.seq, header: row.header, payload: row.payload });
        due.set(h.category, list);
      }
    }
  }
  const archives: { category: RetentionCategory; file: string; sha256: string; count: number; first: number; last: number }[] = [];
  const seqs: number[] = [];
  mkdirSync(o.archiveDir, { recursive: true, mode: 0o700 });
  for (const [category, rows] of due) {
    const rule = policy[category];
    seqs.push(...rows.map((r) => r.seq));
    if (rule.cold_days <= 0) continue;
    const first = (rows[0] as { seq: number }).seq;
    const last = (rows[rows.length - 1] as { seq: number }).seq;
    const name = `audit-${category}-${first}-${last}-${new Date(o.now).toISOString().replace(/[:.]/g, "")}-cold${rule.cold_days}d.ndjson.gz`;
    const body = gzipSync(rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
    writeDurably(join(o.archiveDir, name), body);
    archives.push({ category, file: name, sha256: `sha256:${sha256HexBytes(body)}`, count: rows.length, first, last });
  }
  let purgeSeq: number | null = null;
  if (seqs.length > 0) {
    // INVARIANT: archives are durable before anything is purged; the purge record and the deletions commit together.
    const r = await o.log.appendPurge(seqs, { reason: "retention", now: new Date(o.now).toISOString(), policy, archives });
    purgeSeq = r.seq;
  }
  const deleted = deleteExpiredArchives(o.archiveDir, o.now);
  if (deleted.length > 0) await o.log.append({ kind: "control", action: "retention_archive_deleted", details: { files: deleted } });
  return { purged: seqs.length, purge_seq: purgeSeq, archives: archives.map((a) => a.file), deleted_archives: deleted };
}

function writeDurably(path: string, body: Buffer): void {
  let fd: number | null = null;
  try {
    fd = openSync(path, "wx", 0o600);
    writeSync(fd, body);
    fsyncSync(fd);
  } catch (err) {
    throw new WardenError("AUDIT_ARCHIVE_FAILED", `cannot write archive ${path}: ${(err as Error).message}`, { cause: err });
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** Archive names carry their cold period; a file older than it (by mtime) is deleted. */
function deleteExpiredArchives(dir: string, now: number): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const m = /-cold(\d+)d\.ndjson\.gz$/.exec(name);
    if (!m) continue;
    const age = now - statSync(join(dir, name)).mtimeMs;
    if (age > Number(m[1]) * DAY) {
      unlinkSync(join(dir, name));
      out.push(name);
    }
  }
  return out;
}
