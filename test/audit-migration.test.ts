// A data directory written by schema version 1 (per-commit `audit_state` row, filter columns and indexes on
// `audit_records`, heads without a frontier) opens under version 2: migrated in place, the log still
// verifies, appends continue densely, and queries find old and new records.
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import Database from "better-sqlite3";
import { openAudit, verifyLog, loadLocalPublicKey, queryRecords } from "../src/audit/index.js";
import { DB_FILE } from "../src/store/sqlite/open.js";
import { SCHEMA_VERSION } from "../src/store/sqlite/schema.js";
import { sampleIntent, tempDir } from "./helpers/audit-fixture.js";

/** Rewrite a current database into the version-1 layout (as session 1's code created it). */
function downgradeToV1(dir: string): void {
  const db = new Database(join(dir, DB_FILE));
  db.exec(`
    ALTER TABLE audit_records ADD COLUMN ts TEXT NOT NULL DEFAULT '';
    ALTER TABLE audit_records ADD COLUMN kind TEXT NOT NULL DEFAULT '';
    ALTER TABLE audit_records ADD COLUMN session_id TEXT;
    ALTER TABLE audit_records ADD COLUMN agent_id TEXT;
    ALTER TABLE audit_records ADD COLUMN tool_name TEXT;
    ALTER TABLE audit_records ADD COLUMN verdict TEXT;
    ALTER TABLE audit_records ADD COLUMN risk_tier TEXT;
    ALTER TABLE audit_records ADD COLUMN tenant TEXT;
    UPDATE audit_records SET ts = json_extract(header, '$.timestamp'), kind = json_extract(header, '$.kind'),
      session_id = json_extract(header, '$.session_id'), agent_id = json_extract(header, '$.agent_id'),
      tool_name = json_extract(header, '$.tool_name');
    CREATE INDEX audit_records_ts ON audit_records (ts);
    CREATE INDEX audit_records_session ON audit_records (session_id);
    CREATE INDEX audit_records_agent ON audit_records (agent_id);
    CREATE TABLE audit_state (id INTEGER PRIMARY KEY CHECK (id = 1), size INTEGER NOT NULL, frontier BLOB NOT NULL);
    INSERT INTO audit_state VALUES (1, (SELECT count(*) FROM audit_records), x'00');
    ALTER TABLE audit_heads DROP COLUMN frontier;
    DROP TABLE audit_index;
  `);
  db.pragma("user_version = 1");
  db.close();
}

describe("audit store migration from schema version 1", () => {
  it("migrates in place: verify passes, appends stay dense, queries see old and new records", async () => {
    const t = tempDir("warden-migrate-");
    const a = await openAudit(t.dir, { headEveryRecords: 5, headIntervalMs: 0, writerThread: null });
    for (let i = 0; i < 12; i++) await a.log.appendIntent(sampleIntent(i));
    await a.close();
    downgradeToV1(t.dir);

    const b = await openAudit(t.dir, { headEveryRecords: 5, headIntervalMs: 0, writerThread: null });
    const db = new Database(join(t.dir, DB_FILE), { readonly: true });
    expect(db.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'audit_state'").get()).toBeUndefined();
    db.close();
    const more = [];
    for (let i = 12; i < 16; i++) more.push((await b.log.appendIntent(sampleIntent(i))).seq);
    expect(more).toEqual([13, 14, 15, 16]);
    await b.log.flush();

    const r = await verifyLog({ store: b.store.audit, pinnedKey: loadLocalPublicKey(t.dir) });
    expect(r.findings).toEqual([]);
    expect(r).toMatchObject({ ok: true, size: 16 });

    const sess0: number[] = [];
    for await (const rec of queryRecords(b.store.audit, { session_id: "sess_0" })) sess0.push(rec.seq);
    expect(sess0).toEqual([1, 5, 9, 13]); // sampleIntent(i) has session sess_{i % 4}; seq = i + 1
    await b.close();
    t.cleanup();
  });
});
