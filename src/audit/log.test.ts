import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { MemoryAuditStore } from "../store/memory/audit.js";
import type { AuditStore } from "../ports/audit.js";
import { AuditLog } from "./log.js";
import { loadOrCreateSigningKey } from "./keys.js";
import { HeadsFile, readHeadsFile } from "./heads-file.js";
import { verifyLog } from "./verify.js";
import { sampleIntent, steppingClock, tempDir } from "../../test/helpers/audit-fixture.js";

function counting(store: AuditStore): { store: AuditStore; appends: () => number } {
  let n = 0;
  const wrapped: AuditStore = Object.create(store) as AuditStore;
  wrapped.append = (build) => {
    n++;
    return store.append(build);
  };
  return { store: wrapped, appends: () => n };
}

async function setup(opts: Partial<Parameters<typeof AuditLog.open>[0]> = {}) {
  const t = tempDir();
  const key = loadOrCreateSigningKey(t.dir);
  const mem = new MemoryAuditStore();
  const c = counting(mem);
  const log = await AuditLog.open({ store: c.store, key, headIntervalMs: 0, now: steppingClock(), headsFile: HeadsFile.inDir(t.dir), ...opts });
  return { ...t, key, mem, log, appends: c.appends };
}

describe("AuditLog", () => {
  it("records intents and outcomes with the seed 002 fields; verify passes", async () => {
    const s = await setup();
    const { seq } = await s.log.appendIntent(sampleIntent(1));
    await s.log.appendOutcome(seq, { status: "ok", output: { status: "success", transaction_id: "tx_88291" }, duration_ms: 12 });
    await s.log.close();
    const row = await s.mem.get(1);
    const header = JSON.parse(row?.header ?? "{}");
    expect(header).toMatchObject({ seq: 1, kind: "intent", action: "tool_call", session_id: "sess_1", agent_id: "agent-1", tool_name: "transfer_funds", verdict: "allow", risk_tier: "low", tenant: "acme", policy_hash: "sha256:policy", correlation_id: "corr-1", trace_id: "trace-1", timestamp: "2026-03-18T14:22:07.000Z" });
    const payload = JSON.parse(row?.payload ?? "{}");
    expect(payload).toMatchObject({ principal: "sarah@financeapp.com", llm_reasoning: "User requested payment of invoice #4472", approval: { required: false, status: "not_required" } });
    const out = JSON.parse((await s.mem.get(2))?.header ?? "{}");
    expect(out).toMatchObject({ kind: "outcome", intent_seq: 1, status: "ok", tool_name: "transfer_funds", session_id: "sess_1" });
    const report = await verifyLog({ store: s.mem, pinnedKey: s.key });
    expect(report).toMatchObject({ ok: true, size: 2, open_intents: [], signed_size: 2, unsigned_tail: 0 });
    s.cleanup();
  });

  it("an outcome for an intent no longer cached reads the intent back from the store", async () => {
    const s = await setup({ cachedIntents: 2 });
    const first = await s.log.appendIntent(sampleIntent(1));
    await s.log.appendIntent(sampleIntent(2));
    await s.log.appendIntent(sampleIntent(3));
    await s.log.appendOutcome(first.seq, { status: "ok" });
    await s.log.close();
    const intent = JSON.parse((await s.mem.get(1))?.header ?? "{}");
    const out = JSON.parse((await s.mem.get(4))?.header ?? "{}");
    expect(out).toMatchObject({ kind: "outcome", intent_seq: 1, tool_name: intent.tool_name, session_id: intent.session_id, agent_id: intent.agent_id, trace_id: intent.trace_id });
    expect(JSON.parse((await s.mem.get(4))?.payload ?? "{}").principal).toBe(JSON.parse((await s.mem.get(1))?.payload ?? "{}").principal);
    expect((await verifyLog({ store: s.mem, pinnedKey: s.key })).open_intents).toEqual([2, 3]);
    s.cleanup();
  });

  it("keeps the newest intents cached through thousands of appends, and reads evicted ones back", async () => {
    const s = await setup({ cachedIntents: 3 });
    const reads: number[] = [];
    const get = s.mem.get.bind(s.mem);
    s.mem.get = (seq) => {
      reads.push(seq);
      return get(seq);
    };
    const intents: number[] = [];
    // Long enough for the eviction order to be compacted several times (it holds completed intents too).
    for (let i = 0; i < 3000; i++) {
      const r = await s.log.appendIntent(sampleIntent(i));
      intents.push(r.seq);
      if (i % 2 === 1) await s.log.appendOutcome(r.seq, { status: "ok" }); // completes at once: served from the cache
    }
    expect(reads).toEqual([]);
    const oldest = intents[0] as number;
    // The two newest still open (the third slot went to the last intent, completed since).
    const newest = [intents[2996], intents[2998]] as number[];
    for (const seq of newest) await s.log.appendOutcome(seq, { status: "ok" });
    expect(reads).toEqual([]);
    await s.log.appendOutcome(oldest, { status: "ok" });
    expect(reads).toEqual([oldest]);
    await s.log.close();
    const report = await verifyLog({ store: s.mem, pinnedKey: s.key });
    expect(report.ok).toBe(true);
    expect(report.open_intents.length).toBe(1500 - 3);
    s.cleanup();
  });

  it("masks credential-like keys before hashing or storing", async () => {
    const s = await setup();
    const intent = sampleIntent(2);
    intent.call.args = { amount: 5, nested: [{ Authorization: "Bearer abc" }], password: "hunter2", max_tokens: 512 };
    await s.log.appendIntent(intent);
    const payload = (await s.mem.get(1))?.payload ?? "";
    expect(payload).not.toContain("hunter2");
    expect(payload).not.toContain("Bearer abc");
    expect(JSON.parse(payload).tool_input).toEqual({ amount: 5, nested: [{ Authorization: "[REDACTED]" }], password: "[REDACTED]", max_tokens: 512 });
    // The caller's object is untouched.
    expect((intent.call.args as { password: string }).password).toBe("hunter2");
    s.cleanup();
  });

  it("strict mode: one store commit per record", async () => {
    const s = await setup({ durability: "strict" });
    for (let i = 0; i < 5; i++) await s.log.appendIntent(sampleIntent(i));
    expect(s.appends()).toBe(5);
    s.cleanup();
  });

  it("group mode: concurrent records share commits, and each resolves only once its record is stored", async () => {
    const s = await setup({ durability: "group", groupWindowMs: 5 });
    const seen: boolean[] = [];
    const receipts = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        s.log.appendIntent(sampleIntent(i)).then(async (r) => {
          seen.push((await s.mem.get(r.seq)) !== null);
          return r;
        }),
      ),
    );
    expect(new Set(receipts.map((r) => r.seq)).size).toBe(200);
    expect(s.appends()).toBeLessThan(10);
    expect(seen.every(Boolean)).toBe(true);
    expect((await verifyLog({ store: s.mem, pinnedKey: s.key })).ok).toBe(true);
    s.cleanup();
  });

  it("fails closed: a write error rejects the append and nothing is stored", async () => {
    const s = await setup({ durability: "group" });
    const broken = Object.create(s.mem) as AuditStore;
    broken.append = async () => {
      throw new Error("disk full");
    };
    const log = await AuditLog.open({ store: broken, key: s.key, headIntervalMs: 0, durability: "group" });
    await expect(Promise.all([log.appendIntent(sampleIntent(1)), log.appendIntent(sampleIntent(2))])).rejects.toMatchObject({ code: "AUDIT_WRITE_FAILED" });
    const strict = await AuditLog.open({ store: broken, key: s.key, headIntervalMs: 0 });
    await expect(strict.appendIntent(sampleIntent(1))).rejects.toMatchObject({ code: "AUDIT_WRITE_FAILED" });
    expect((await s.mem.tail()).size).toBe(0);
    s.cleanup();
  });

  it("signs a head every N records and on close, and appends each to heads.ndjson", async () => {
    const s = await setup({ headEveryRecords: 10 });
    for (let i = 0; i < 25; i++) await s.log.appendIntent(sampleIntent(i));
    await s.log.close();
    expect((await s.mem.heads()).map((h) => h.treeSize)).toEqual([10, 20, 25]);
    const file = readHeadsFile(join(s.dir, "heads.ndjson"));
    expect(file.heads.map((h) => h.tree_size)).toEqual([10, 20, 25]);
    expect(file.heads.every((h) => h.key_id === s.key.keyId)).toBe(true);
    expect(readFileSync(join(s.dir, "heads.ndjson"), "utf8").trim().split("\n")).toHaveLength(3);
    s.cleanup();
  });

  it("rejects outcomes for unknown intents, bad records, and use after close", async () => {
    const s = await setup();
    await expect(s.log.appendOutcome(99, { status: "ok" })).rejects.toMatchObject({ code: "AUDIT_UNKNOWN_INTENT" });
    await expect(s.log.append({ kind: "event", action: "x", details: { n: 10n } })).rejects.toMatchObject({ code: "AUDIT_BAD_RECORD" });
    await expect(s.log.append({ kind: "event", action: "" })).rejects.toMatchObject({ code: "AUDIT_BAD_RECORD" });
    await s.log.close();
    await expect(s.log.appendIntent(sampleIntent(1))).rejects.toMatchObject({ code: "AUDIT_CLOSED" });
    s.cleanup();
  });

  it("finds an intent's summary in the store when another process wrote it", async () => {
    const s = await setup();
    const { seq } = await s.log.appendIntent(sampleIntent(3));
    const other = await AuditLog.open({ store: s.mem, key: s.key, headIntervalMs: 0 });
    await other.appendOutcome(seq, { status: "error", error: { message: "upstream 500" } });
    expect(JSON.parse((await s.mem.get(2))?.header ?? "{}")).toMatchObject({ kind: "outcome", intent_seq: seq, agent_id: "agent-0", tool_name: "transfer_funds" });
    s.cleanup();
  });
});
