// Group commit on the writer thread: two logs in one process on one file keep refusing each other's
// stale batches, yet every record lands once, densely, and verifies; a writer that cannot start fails closed.
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { openAudit, verifyLog, loadLocalPublicKey } from "./index.js";
import { openSqliteStore } from "../store/sqlite/index.js";
import { sampleIntent, tempDir } from "../../test/helpers/audit-fixture.js";

describe("group commit through the writer thread", () => {
  it("two writers on one database: stale batches are renumbered, nothing lost or duplicated", async () => {
    const t = tempDir("warden-pipe-");
    const a = await openAudit(t.dir, { durability: "group", headEveryRecords: 25, headIntervalMs: 0 });
    const b = await openAudit(t.dir, { durability: "group", headEveryRecords: 25, headIntervalMs: 0 });
    const seqs = await Promise.all(Array.from({ length: 400 }, (_, i) => (i % 2 ? a : b).log.appendIntent(sampleIntent(i)).then((r) => r.seq)));
    const outs = await Promise.all(seqs.slice(0, 50).map((s, i) => (i % 2 ? b : a).log.appendOutcome(s, { status: "ok" }).then((r) => r.seq)));
    await a.close();
    await b.close();
    const all = [...seqs, ...outs].sort((x, y) => x - y);
    expect(all).toEqual(Array.from({ length: 450 }, (_, i) => i + 1));
    const s = openSqliteStore(t.dir);
    const r = await verifyLog({ store: s.audit, pinnedKey: loadLocalPublicKey(t.dir) });
    expect(r.findings).toEqual([]);
    expect(r).toMatchObject({ ok: true, size: 450 });
    await s.close();
    t.cleanup();
  });

  it("a purge committed inline between threaded batches: the next batch is renumbered, the log verifies", async () => {
    const t = tempDir("warden-pipe-");
    const a = await openAudit(t.dir, { durability: "group", headEveryRecords: 8, headIntervalMs: 0 });
    await Promise.all(Array.from({ length: 20 }, (_, i) => a.log.appendIntent(sampleIntent(i))));
    const purge = await a.log.appendPurge([1, 2, 3], { reason: "test" });
    expect(purge.seq).toBe(21);
    const more = await Promise.all(Array.from({ length: 10 }, (_, i) => a.log.appendIntent(sampleIntent(100 + i)).then((r) => r.seq)));
    expect(more.sort((x, y) => x - y)).toEqual(Array.from({ length: 10 }, (_, i) => 22 + i));
    const head = await a.log.signHead();
    expect(head.tree_size).toBe(31);
    await a.close();
    const s = openSqliteStore(t.dir);
    const r = await verifyLog({ store: s.audit, pinnedKey: loadLocalPublicKey(t.dir) });
    expect(r.findings).toEqual([]);
    expect(r).toMatchObject({ ok: true, size: 31, purged: 3, signed_size: 31 });
    await s.close();
    t.cleanup();
  });

  it("the writer thread catches the query index up once appends pause", async () => {
    const t = tempDir("warden-pipe-");
    const a = await openAudit(t.dir, { durability: "group", headIntervalMs: 0 });
    await Promise.all(Array.from({ length: 40 }, (_, i) => a.log.appendIntent(sampleIntent(i))));
    const count = (): number => (a.store.db.prepare("SELECT count(*) AS n FROM audit_index").get() as { n: number }).n;
    // Eventually, not within a deadline that the test asserts: poll generously.
    for (let i = 0; i < 200 && count() < 40; i++) await new Promise((r) => setTimeout(r, 50));
    expect(count()).toBe(40);
    await a.close();
    t.cleanup();
  });

  it("fails closed when the writer thread cannot open the database", async () => {
    const t = tempDir("warden-pipe-");
    const a = await openAudit(t.dir, { durability: "group", headIntervalMs: 0, writerThread: { file: join(t.dir, "nope", "missing.db") } });
    await expect(a.log.appendIntent(sampleIntent(1))).rejects.toMatchObject({ code: "AUDIT_WRITE_FAILED" });
    await expect(a.log.appendIntent(sampleIntent(2))).rejects.toMatchObject({ code: "AUDIT_WRITE_FAILED" });
    expect((await a.store.audit.tail()).size).toBe(0);
    await a.store.close();
    t.cleanup();
  });
});
