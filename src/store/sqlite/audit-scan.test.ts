// Verify's scan of the SQLite audit store: rows in the hex shape, and the connection left as it was found
// (the scan maps the file only while it runs).
import { describe, expect, it } from "vitest";
import { openSqliteStore } from "./index.js";
import { openAudit } from "../../audit/index.js";
import { sampleIntent, tempDir } from "../../../test/helpers/audit-fixture.js";

describe("SqliteAuditStore.scanLeafHex", () => {
  it("yields every row with its stored leaf as lower-case hex, and restores mmap_size however the scan ends", async () => {
    const t = tempDir("warden-scan-");
    const a = await openAudit(t.dir, { headIntervalMs: 0 });
    for (let i = 0; i < 7; i++) await a.log.appendIntent(sampleIntent(i));
    await a.close();
    const s = openSqliteStore(t.dir);
    const before = s.db.pragma("mmap_size", { simple: true });
    const rows = [...(s.audit.scanLeafHex?.(1, Number.MAX_SAFE_INTEGER, 3) ?? [])].flat();
    expect(rows.map((r) => r[0])).toEqual([1, 2, 3, 4, 5, 6, 7]);
    for (const r of rows) {
      const stored = await s.audit.get(r[0]);
      expect(r[2]).toBe(Buffer.from(stored?.leafHash ?? []).toString("hex"));
      expect(r[1]).toBe(stored?.header);
      expect(r[3]).toBe(stored?.payload);
    }
    expect(s.db.pragma("mmap_size", { simple: true })).toBe(before);
    for (const batch of s.audit.scanLeafHex?.(1, 7, 2) ?? []) {
      expect(batch.length).toBe(2);
      break; // abandoned scan: the generator's finally still runs
    }
    expect(s.db.pragma("mmap_size", { simple: true })).toBe(before);
    await s.close();
    t.cleanup();
  });
});
