import { describe, expect, it, beforeAll, afterAll } from "vitest";
import { writeFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { main } from "../src/cli/main.js";
import type { CliIO } from "../src/cli/io.js";
import { openAudit } from "../src/audit/index.js";
import { sampleIntent, steppingClock, tempDir } from "./helpers/audit-fixture.js";

function io(cwd: string): CliIO & { out: string; err: string } {
  const o = { out: "", err: "", env: {}, cwd, exitCode: 0 } as CliIO & { out: string; err: string };
  o.stdout = (s) => void (o.out += s);
  o.stderr = (s) => void (o.err += s);
  return o;
}

async function run(cwd: string, ...argv: string[]) {
  const i = io(cwd);
  const code = await main(argv, i);
  return { code, out: i.out, err: i.err };
}

let t: { dir: string; cleanup: () => void };
const data = () => join(t.dir, "data");

beforeAll(async () => {
  t = tempDir("warden-cli-");
  const a = await openAudit(data(), { headEveryRecords: 8, headIntervalMs: 0, now: steppingClock() });
  for (let i = 0; i < 10; i++) {
    const { seq } = await a.log.appendIntent(sampleIntent(i));
    if (i !== 9) await a.log.appendOutcome(seq, { status: "ok", output: { ok: i } });
  }
  await a.log.append({ kind: "control", action: "kill_switch", details: { level: "halt", by: "ops@example.com" } });
  await a.close();
});
afterAll(() => t.cleanup());

describe("warden audit (CLI)", () => {
  it("key prints the public key; verify passes with it pinned and reports the intent without outcome", async () => {
    const k = await run(t.dir, "audit", "key", "--data", "data");
    expect(k.code).toBe(0);
    const pub = JSON.parse(k.out);
    expect(pub).toMatchObject({ alg: "Ed25519", key_id: expect.any(String), public_key: expect.any(String) });
    expect(k.out).not.toContain("PRIVATE");
    writeFileSync(join(t.dir, "pub.json"), k.out);
    const v = await run(t.dir, "audit", "verify", "--data", "data", "--key", "pub.json", "--json");
    expect(v.code).toBe(0);
    const report = JSON.parse(v.out);
    expect(report).toMatchObject({ ok: true, size: 20, key_pinned: true, open_intents: [19] });
    const human = await run(t.dir, "audit", "verify", "--data", "data", "--key", "pub.json");
    expect(human.out).toContain("no outcome: 19");
    expect(human.err).toContain("audit log intact: 20 records");
  });

  it("prove + verify-proof work offline; a doctored proof or another key is refused", async () => {
    const p = await run(t.dir, "audit", "prove", "5", "--data", "data");
    expect(p.code).toBe(0);
    writeFileSync(join(t.dir, "proof.json"), p.out);
    const ok = await run(t.dir, "audit", "verify-proof", "proof.json", "--key", "pub.json");
    expect(ok.code).toBe(0);
    expect(ok.out).toContain("record 5 is included");
    const doc = JSON.parse(p.out);
    expect(doc.header).toContain('"verdict":"allow"');
    doc.header = doc.header.replace('"verdict":"allow"', '"verdict":"deny"');
    writeFileSync(join(t.dir, "bad.json"), JSON.stringify(doc));
    const bad = await run(t.dir, "audit", "verify-proof", "bad.json", "--key", "pub.json");
    expect(bad.code).toBe(1);
    const other = tempDir();
    const ok2 = await run(other.dir, "audit", "key", "--data", "d");
    writeFileSync(join(other.dir, "other.json"), ok2.out);
    const wrongKey = await run(t.dir, "audit", "verify-proof", "proof.json", "--key", join(other.dir, "other.json"));
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.out).toContain("signature");
    other.cleanup();
  });

  it("prove signs a head when the record is in the unsigned tail; consistency proofs from a saved head verify", async () => {
    const h = await run(t.dir, "audit", "head", "--data", "data");
    writeFileSync(join(t.dir, "head.json"), h.out);
    const a = await openAudit(data(), { headIntervalMs: 0, headEveryRecords: 1000 });
    await a.log.append({ kind: "event", action: "note" });
    await a.store.close(); // no final head: record 21 stays unsigned
    const p = await run(t.dir, "audit", "prove", "21", "--data", "data");
    expect(p.code).toBe(0);
    expect(JSON.parse(p.out).head.tree_size).toBe(21);
    const c = await run(t.dir, "audit", "prove", "--from-head", "head.json", "--data", "data", "--out", "cons.json");
    expect(c.code).toBe(0);
    const cv = await run(t.dir, "audit", "verify-proof", "cons.json", "--key", "pub.json");
    expect(cv.code).toBe(0);
    expect(cv.out).toContain("extends the signed tree of size 20");
    const v = await run(t.dir, "audit", "verify", "--data", "data", "--key", "pub.json", "--since-head", "head.json");
    expect(v.code).toBe(0);
  });

  it("export prints NDJSON with the seed 002 fields; query filters", async () => {
    const e = await run(t.dir, "audit", "export", "--data", "data", "--format", "ndjson");
    const lines = e.out.trim().split("\n").map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThanOrEqual(21);
    expect(Object.keys(lines[0])).toEqual(expect.arrayContaining(["timestamp", "session_id", "agent_id", "action", "tool_name", "tool_input", "tool_output", "llm_reasoning", "approval", "risk_tier", "context_hash", "tenant", "principal", "verdict", "rule_ids", "policy_hash", "correlation_id", "trace_id", "seq"]));
    expect(JSON.stringify(lines)).not.toContain("sk-live-should-never-be-stored");
    const q = await run(t.dir, "audit", "query", "--data", "data", "--verdict", "deny", "--kind", "intent", "--json");
    expect(JSON.parse(q.out).map((r: { seq: number }) => r.seq)).toEqual([1, 11]);
    const q2 = await run(t.dir, "audit", "query", "--data", "data", "--agent", "agent-1", "--tool", "transfer_funds", "--limit", "2");
    expect(q2.out.trim().split("\n")).toHaveLength(2);
    const since = lines[4].timestamp;
    const e2 = await run(t.dir, "audit", "export", "--data", "data", "--since", since);
    expect(JSON.parse(e2.out.split("\n")[0] as string).seq).toBe(5);
    expect((await run(t.dir, "audit", "export", "--data", "data", "--format", "csv")).code).toBe(2);
  });

  it("verify exits 1 with the first bad sequence number on a tampered log", async () => {
    const db = new Database(join(data(), "warden.db"));
    db.prepare("UPDATE audit_records SET payload = replace(payload, 'invoice', 'INVOICE') WHERE seq = 7").run();
    db.close();
    const v = await run(t.dir, "audit", "verify", "--data", "data", "--key", "pub.json");
    expect(v.code).toBe(1);
    expect(v.out).toMatch(/^seq 7: payload_mismatch/);
    expect(v.err).toContain("first bad sequence number 7");
  });

  it("usage errors exit 2; a missing log is reported", async () => {
    expect((await run(t.dir, "audit", "prove", "abc", "--data", "data")).code).toBe(2);
    expect((await run(t.dir, "audit", "verify-proof", "proof.json")).code).toBe(2);
    const missing = await run(t.dir, "audit", "verify", "--data", "nowhere");
    expect(missing.code).toBe(1);
    expect(missing.err).toContain("STORE_UNAVAILABLE");
    void readFileSync;
  });
});
