// The audit log's write statements, shared by the store (strict appends, retention) and the group-commit
// writer thread, which runs as plain JavaScript and receives these strings as workerData: one definition
// of the row layout for both writers.

/** Rows per multi-row INSERT: one statement step instead of one per row (4 parameters each). */
export const INSERT_CHUNK = 64;

const values = (n: number): string => Array.from({ length: n }, () => "(?,?,?,?)").join(",");

export const AUDIT_WRITE_SQL = {
  insertOne: `INSERT INTO audit_records (seq, header, leaf_hash, payload) VALUES ${values(1)}`,
  insertMany: `INSERT INTO audit_records (seq, header, leaf_hash, payload) VALUES ${values(INSERT_CHUNK)}`,
  insertHead: "INSERT OR IGNORE INTO audit_heads (tree_size, json, frontier) VALUES (?, ?, ?)",
  purgeOne: "UPDATE audit_records SET payload = NULL WHERE seq = ?",
  lastRow: "SELECT seq, leaf_hash FROM audit_records ORDER BY seq DESC LIMIT 1",
} as const;

export type AuditWriteSql = typeof AUDIT_WRITE_SQL;

/**
 * mmap_size for verify's whole-log scans (the store's and the reader threads'): address space, not memory;
 * the pages come from the file's page cache without a pread() each.
 */
export const SCAN_MMAP_BYTES = 1 << 30;
