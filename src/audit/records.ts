// Reading records back for humans and SIEMs: header + payload joined, payload state made explicit.
import type { AuditQuery, AuditRow, AuditStore } from "../ports/audit.js";
import { joinRecord, type AuditHeader, type AuditPayload, type AuditRecord } from "../core/audit/index.js";

export function rowToRecord(row: AuditRow): AuditRecord {
  const header = JSON.parse(row.header) as AuditHeader;
  if (row.payload === null) return joinRecord(header, null, "purged");
  return joinRecord(header, JSON.parse(row.payload) as AuditPayload, "present");
}

/** Stream matching records in seq order, page by page (constant memory for exports of any size). */
export async function* queryRecords(store: AuditStore, q: AuditQuery, pageSize = 1000): AsyncIterable<AuditRecord> {
  let after = q.after ?? 0;
  let left = q.limit ?? Infinity;
  for (;;) {
    const rows = await store.query({ ...q, after, limit: Math.min(pageSize, left) });
    for (const r of rows) yield rowToRecord(r);
    left -= rows.length;
    if (rows.length < pageSize || left <= 0) return;
    after = (rows[rows.length - 1] as AuditRow).seq;
  }
}
