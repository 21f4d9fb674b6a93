// Crash safety: a child appending under load is killed with SIGKILL. Reopened, the log verifies, every
// acknowledged record is there, and calls cut off between intent and outcome show as "no outcome".
import { describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { openAudit, openExistingStore, verifyLog, loadLocalPublicKey, readHeadsFile } from "../src/audit/index.js";
import type { AuditHeader } from "../src/core/audit/index.js";
import { tempDir } from "./helpers/audit-fixture.js";

const WRITER = join(import.meta.dirname, "fixtures", "audit-writer.ts");

function runAndKill(dir: string, mode: string, minAcks: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", WRITER, dir, mode], { stdio: ["ignore", "pipe", "pipe"] });
    let buf = "";
    let err = "";
    let killed = false;
    child.stdout.on("data", (d: Buffer) => {
      buf += d.toString();
      if (!killed && buf.split("\n").length > minAcks) {
        killed = true;
        child.kill("SIGKILL");
      }
    });
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("exit", (code, signal) => {
      if (signal !== "SIGKILL") reject(new Error(`writer exited ${code} before it was killed: ${err}`));
      // Only complete lines were acknowledged; a torn last line is dropped.
      else resolve(buf.split("\n").filter((l) => /^(I \d+|O \d+ \d+)$/.test(l)));
    });
  });
}

describe.each(["strict", "group"])("crash safety (%s durability)", (mode) => {
  it("SIGKILL under load loses no acknowledged record and hides no unfinished call", async () => {
    const t = tempDir("warden-crash-");
    const acks = await runAndKill(t.dir, mode, 600 + Math.floor(Math.random() * 400));
    const intents = new Set<number>();
    const outcomes = new Map<number, number>();
    for (const l of acks) {
      const [k, a, b] = l.split(" ");
      if (k === "I") intents.add(Number(a));
      else outcomes.set(Number(a), Number(b));
    }
    expect(intents.size).toBeGreaterThan(100);

    const store = openExistingStore(t.dir);
    const report = await verifyLog({ store: store.audit, pinnedKey: loadLocalPublicKey(t.dir), externalHeads: readHeadsFile(join(t.dir, "heads.ndjson")).heads });
    expect(report.findings).toEqual([]);
    expect(report.ok).toBe(true);
    expect(await verifyLog({ store: store.audit, pinnedKey: loadLocalPublicKey(t.dir), externalHeads: readHeadsFile(join(t.dir, "heads.ndjson")).heads, threads: 2, threadChunk: 50 })).toEqual(report);
    // Every acknowledged record is stored, and is what was acknowledged.
    for (const s of intents) expect((JSON.parse((await store.audit.get(s))?.header ?? "{}") as AuditHeader).kind).toBe("intent");
    for (const [intent, s] of outcomes) expect((JSON.parse((await store.audit.get(s))?.header ?? "{}") as AuditHeader).intent_seq).toBe(intent);
    // Every intent whose outcome is not stored is reported as open: nothing unfinished is hidden.
    const stored = new Set<number>();
    for await (const batch of store.audit.scan(1, report.size)) {
      for (const r of batch) {
        const h = JSON.parse(r.header) as AuditHeader;
        if (h.kind === "outcome" && h.intent_seq !== null) stored.add(h.intent_seq);
      }
    }
    const unfinished = [...intents].filter((s) => !stored.has(s));
    expect(unfinished.length).toBeGreaterThan(0);
    expect(report.open_intents.sort((a, b) => a - b)).toEqual(expect.arrayContaining(unfinished));
    await store.close();

    // The log carries on after the crash, and still verifies.
    const a = await openAudit(t.dir, { headIntervalMs: 0 });
    const { seq } = await a.log.appendIntent((await import("./helpers/audit-fixture.js")).sampleIntent(1));
    expect(seq).toBe(report.size + 1);
    await a.close();
    const again = openExistingStore(t.dir);
    const r2 = await verifyLog({ store: again.audit, pinnedKey: loadLocalPublicKey(t.dir) });
    expect(r2.ok).toBe(true);
    expect(r2.unsigned_tail).toBe(0);
    await again.close();
    t.cleanup();
  });
});
