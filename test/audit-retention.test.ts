// Retention: old payloads are archived (gzip NDJSON) and purged; each purge is a record; afterwards the log
// still verifies and proofs for untouched records still verify offline.
import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import {
  openAudit,
  applyRetention,
  verifyLog,
  buildInclusionProof,
  verifyProof,
  latestHead,
  loadLocalPublicKey,
  queryRecords,
  type PublicKey,
} from "../src/audit/index.js";
import type { AuditHeader, SignedTreeHead } from "../src/core/audit/index.js";
import { sampleIntent, tempDir } from "./helpers/audit-fixture.js";

const DAY = 86_400_000;
const NOW = Date.parse("2026-06-30T12:00:00.000Z");

describe("audit retention", () => {
  it("archives and purges expired payloads, records the purge, and leaves the tree and proofs intact", async () => {
    const t = tempDir("warden-retention-");
    let clock = NOW - 120 * DAY;
    const a = await openAudit(t.dir, { headEveryRecords: 5, headIntervalMs: 0, now: () => clock });
    // Old (120 days): low-risk tool calls (hot 90d → purge), high-risk ones (3y → keep), an approval (3y → keep).
    const old: number[] = [];
    for (let i = 1; i <= 6; i++) {
      const intent = sampleIntent(i === 3 ? 7 : i); // sampleIntent(7) is high risk
      const { seq } = await a.log.appendIntent(intent);
      const out = await a.log.appendOutcome(seq, { status: "ok", output: { n: i } });
      old.push(seq, out.seq);
    }
    const approval = await a.log.append({ kind: "approval", action: "approval_decision", approval: { required: true, status: "approved", approver: "sarah@financeapp.com", approved_at: "2026-03-02T12:00:00Z", latency_ms: 9331 } });
    // Context snapshot 40 days old (hot 30d → purge, no archive).
    clock = NOW - 40 * DAY;
    const ctx = await a.log.append({ kind: "context", action: "context_snapshot", details: { window: "..." } });
    // Recent (10 days): kept.
    clock = NOW - 10 * DAY;
    const recent: number[] = [];
    for (let i = 10; i < 14; i++) recent.push((await a.log.appendIntent(sampleIntent(i))).seq);
    await a.log.flush();
    const proofBefore = await buildInclusionProof(a.store.audit, recent[0] as number, (await latestHead(a.store.audit)) as SignedTreeHead);

    clock = NOW;
    const r = await applyRetention({ store: a.store.audit, log: a.log, archiveDir: join(t.dir, "archive"), now: NOW });
    const highRisk = old.slice(4, 6); // intent+outcome of call 3 (high risk)
    const expectPurged = [...old.filter((s) => !highRisk.includes(s)), ctx.seq];
    expect(r.purged).toBe(expectPurged.length);
    expect(r.purge_seq).toBe(recent[recent.length - 1]! + 1);
    for (const s of expectPurged) expect((await a.store.audit.get(s))?.payload).toBeNull();
    for (const s of [...highRisk, approval.seq, ...recent]) expect((await a.store.audit.get(s))?.payload).not.toBeNull();

    // Cold archive: exactly the purged tool-call payloads, readable.
    const files = readdirSync(join(t.dir, "archive"));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^audit-tool_call-.*-cold365d\.ndjson\.gz$/);
    const archived = gunzipSync(readFileSync(join(t.dir, "archive", files[0] as string))).toString().trim().split("\n").map((l) => JSON.parse(l));
    expect(archived.map((x: { seq: number }) => x.seq)).toEqual(expectPurged.filter((s) => s !== ctx.seq));
    expect(JSON.parse(archived[1].payload).tool_output).toEqual({ n: 1 });

    // The purge record names what it purged.
    const purgeHeader = JSON.parse((await a.store.audit.get(r.purge_seq as number))?.header ?? "{}") as AuditHeader;
    expect(purgeHeader.kind).toBe("purge");
    expect(purgeHeader.purged?.flat()).toEqual(expect.arrayContaining([expectPurged[0], ctx.seq]));

    // A second run has nothing left to purge.
    expect((await applyRetention({ store: a.store.audit, log: a.log, archiveDir: join(t.dir, "archive"), now: NOW })).purged).toBe(0);
    await a.log.flush();

    const key = loadLocalPublicKey(t.dir) as PublicKey;
    const report = await verifyLog({ store: a.store.audit, pinnedKey: key });
    expect(report.findings).toEqual([]);
    expect(report).toMatchObject({ ok: true, purged: expectPurged.length });
    // Reader threads (purge records and NULL payloads cross their ranges): the same report.
    expect(await verifyLog({ store: a.store.audit, pinnedKey: key, threads: 2, threadChunk: 3 })).toEqual(report);

    // Proofs: one made before the purge still verifies; new ones for untouched and for purged records too
    // (a purged record's header is still in the tree; its proof just carries no payload).
    expect(verifyProof(proofBefore, key)).toMatchObject({ ok: true });
    const head = (await latestHead(a.store.audit)) as SignedTreeHead;
    for (const s of [recent[1] as number, highRisk[0] as number, approval.seq]) expect(verifyProof(await buildInclusionProof(a.store.audit, s, head), key)).toMatchObject({ ok: true });
    const purgedProof = await buildInclusionProof(a.store.audit, expectPurged[0] as number, head);
    expect(purgedProof.payload).toBeNull();
    expect(verifyProof(purgedProof, key)).toMatchObject({ ok: true });

    // Export shows purged payloads as purged, not as empty data.
    const exported = [];
    for await (const rec of queryRecords(a.store.audit, {})) exported.push(rec);
    expect(exported.find((x) => x.seq === expectPurged[0])?.payload_state).toBe("purged");
    expect(exported.find((x) => x.seq === recent[0])?.payload_state).toBe("present");
    await a.close();
    t.cleanup();
  });
});
