// The lazy query index and the derived tail: a record is found whether or not the index has reached it,
// and the tree state survives reopening without a per-commit state row.
import { describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import { join } from "node:path";
import { openSqliteStore } from "./index.js";
import { openAudit, verifyLog, loadLocalPublicKey } from "../../audit/index.js";
import { sampleIntent, tempDir } from "../../../test/helpers/audit-fixture.js";

describe("SQLite audit index (derived, lazy)", () => {
  it("queries see records the index has not reached, and the same rows after catch-up", async () => {
    const t = tempDir("warden-idx-");
    const a = await openAudit(t.dir, { headIntervalMs: 0, headEveryRecords: 1000 });
    for (let i = 0; i < 30; i++) await a.log.appendIntent(sampleIntent(i));
    await a.close();
    const raw = new Database(join(t.dir, "warden.db"));
    expect((raw.prepare("SELECT count(*) AS n FROM audit_index").get() as { n: number }).n).toBe(0);
    // Index only the first 10 rows, as if a catch-up had stopped there.
    raw.prepare("INSERT INTO audit_index (seq, agent_id, session_id, ts) SELECT seq, header ->> '$.agent_id', header ->> '$.session_id', header ->> '$.timestamp' FROM audit_records WHERE seq <= 10").run();
    raw.close();

    const s = openSqliteStore(t.dir);
    const want = Array.from({ length: 30 }, (_, i) => i + 1).filter((seq) => (seq - 1) % 3 === 1);
    expect((await s.audit.query({ agent_id: "agent-1" })).map((r) => r.seq)).toEqual(want);
    // query() caught the index up on the way.
    expect((s.db.prepare("SELECT count(*) AS n FROM audit_index").get() as { n: number }).n).toBe(30);
    expect((await s.audit.query({ agent_id: "agent-1" })).map((r) => r.seq)).toEqual(want);
    expect((await s.audit.query({ agent_id: "agent-1", after: 8, limit: 3 })).map((r) => r.seq)).toEqual(want.filter((x) => x > 8).slice(0, 3));
    await s.close();
    t.cleanup();
  });

  it("a header that is not JSON breaks neither the catch-up nor appends", async () => {
    const t = tempDir("warden-idx-");
    const a = await openAudit(t.dir, { headIntervalMs: 0 });
    for (let i = 0; i < 3; i++) await a.log.appendIntent(sampleIntent(i));
    await a.close();
    const raw = new Database(join(t.dir, "warden.db"));
    raw.prepare("UPDATE audit_records SET header = 'not json' WHERE seq = 2").run();
    raw.close();
    const s = openSqliteStore(t.dir);
    expect((await s.audit.query({})).map((r) => r.seq)).toEqual([1, 2, 3]);
    expect((await s.audit.query({ session_id: "sess_0" })).map((r) => r.seq)).toEqual([1]);
    await s.close();
    t.cleanup();
  });

  it("the tail is recovered on reopen (checkpoint + later leaves) and the log keeps verifying", async () => {
    const t = tempDir("warden-idx-");
    let a = await openAudit(t.dir, { headIntervalMs: 0, headEveryRecords: 7 });
    for (let i = 0; i < 23; i++) await a.log.appendIntent(sampleIntent(i));
    // No close(): no final head, so records 22..23 are after the last checkpoint (a crash, in effect).
    await a.store.close();
    a = await openAudit(t.dir, { headIntervalMs: 0, headEveryRecords: 7 });
    for (let i = 23; i < 40; i++) await a.log.appendIntent(sampleIntent(i));
    await a.close();
    const s = openSqliteStore(t.dir);
    const r = await verifyLog({ store: s.audit, pinnedKey: loadLocalPublicKey(t.dir) });
    expect(r.findings).toEqual([]);
    expect(r).toMatchObject({ ok: true, size: 40, signed_size: 40 });
    await s.close();
    t.cleanup();
  });
});
