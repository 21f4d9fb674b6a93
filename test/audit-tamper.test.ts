// Every tamper class of issue 4, each detected with the right sequence number. The attacker edits the
// SQLite file directly (no access to the signing key unless the class says so).
import { describe, expect, it, beforeAll, afterAll } from "vitest";
import { cpSync, writeFileSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { openAudit, verifyLog, loadLocalPublicKey, readHeadsFile, type PublicKey, type VerifyReport } from "../src/audit/index.js";
import { openExistingStore } from "../src/audit/open.js";
import { leafHashOf, nodeHasher, sha256Hex } from "../src/audit/hash.js";
import { signHead } from "../src/audit/keys.js";
import { generateKeyPairSync, createPrivateKey, sign as edSign, createPublicKey } from "node:crypto";
import { Frontier, canonicalHeader, toHex, type AuditHeader, type SignedTreeHead } from "../src/core/audit/index.js";
import { sampleIntent, steppingClock, tempDir } from "./helpers/audit-fixture.js";

const N = 60; // records; heads every 10 → heads at 10, 20, …, 60
let base: { dir: string; cleanup: () => void };
let key: PublicKey;
let savedHead: SignedTreeHead;

beforeAll(async () => {
  base = tempDir("warden-tamper-base-");
  const a = await openAudit(base.dir, { headEveryRecords: 10, headIntervalMs: 0, now: steppingClock() });
  for (let i = 0; i < N / 2; i++) {
    const { seq } = await a.log.appendIntent(sampleIntent(i));
    await a.log.appendOutcome(seq, { status: "ok", output: { status: "success", tx: `tx_${i}` } });
  }
  await a.close();
  key = loadLocalPublicKey(base.dir) as PublicKey;
  savedHead = readHeadsFile(join(base.dir, "heads.ndjson")).heads.at(-1) as SignedTreeHead;
});
afterAll(() => base.cleanup());

/** A private copy of the pristine log for one test. */
function copyLog(): { dir: string; db: Database.Database; cleanup: () => void } {
  const t = tempDir("warden-tamper-");
  cpSync(base.dir, t.dir, { recursive: true });
  const db = new Database(join(t.dir, "warden.db"));
  return { dir: t.dir, db, cleanup: () => (db.open && db.close(), t.cleanup()) };
}

async function verify(dir: string, opts: { since?: SignedTreeHead; headsFile?: boolean } = {}): Promise<VerifyReport> {
  const store = openExistingStore(dir);
  try {
    const external = opts.headsFile === false ? [] : readHeadsFile(join(dir, "heads.ndjson")).heads;
    const o = { store: store.audit, pinnedKey: key, externalHeads: external, sinceHead: opts.since ?? null };
    const inThread = await verifyLog({ ...o, threads: 0 });
    // The same log checked by two reader threads in small ranges (so gaps and edits fall on range edges): the same report.
    expect(await verifyLog({ ...o, threads: 2, threadChunk: 7 })).toEqual(inThread);
    return inThread;
  } finally {
    await store.close();
  }
}

function header(db: Database.Database, seq: number): AuditHeader {
  return JSON.parse((db.prepare("SELECT header FROM audit_records WHERE seq = ?").get(seq) as { header: string }).header) as AuditHeader;
}

/** Rewrite a row's header and (when `rehash`) its stored leaf hash, as a careful attacker would. */
function putHeader(db: Database.Database, seq: number, h: AuditHeader, rehash: boolean): void {
  const text = canonicalHeader(h);
  if (rehash) db.prepare("UPDATE audit_records SET header = ?, leaf_hash = ? WHERE seq = ?").run(text, Buffer.from(leafHashOf(text)), seq);
  else db.prepare("UPDATE audit_records SET header = ? WHERE seq = ?").run(text, seq);
}

/** Recompute the tree-state checkpoints stored with the heads from the rows (an attacker covering their tracks). */
function fixState(db: Database.Database): void {
  const leaves = (db.prepare("SELECT leaf_hash FROM audit_records ORDER BY seq").all() as { leaf_hash: Buffer }[]).map((r) => r.leaf_hash);
  const put = db.prepare("UPDATE audit_heads SET frontier = ? WHERE tree_size = ?");
  for (const { tree_size } of db.prepare("SELECT tree_size FROM audit_heads").all() as { tree_size: number }[]) {
    const f = new Frontier(nodeHasher);
    for (const l of leaves.slice(0, tree_size)) f.push(l);
    put.run(tree_size <= leaves.length ? Buffer.concat(f.subtrees) : null, tree_size);
  }
}

describe("audit verify: the pristine log", () => {
  it("passes, with every head checked against the pinned key", async () => {
    const r = await verify(base.dir, { since: savedHead });
    expect(r).toMatchObject({ ok: true, size: N, first_bad_seq: null, signed_size: N, unsigned_tail: 0, open_intents: [] });
    expect(r.heads_checked).toBeGreaterThanOrEqual(6);
  });
});

describe("audit verify: reader threads", () => {
  it("fall back to this thread when they cannot open the database", async () => {
    const store = openExistingStore(base.dir);
    try {
      const broken = Object.assign(Object.create(store.audit) as typeof store.audit, { dbFile: () => join(base.dir, "no-such.db") });
      const r = await verifyLog({ store: broken, pinnedKey: key, threads: 2, threadChunk: 7 });
      expect(r).toMatchObject({ ok: true, size: N });
    } finally {
      await store.close();
    }
  });
});

describe("audit verify: tamper classes", () => {
  it("a modified payload → payload_mismatch at its seq", async () => {
    const c = copyLog();
    c.db.prepare("UPDATE audit_records SET payload = replace(payload, 'tx_8', 'tx_X') WHERE seq = 18").run();
    c.db.close();
    const r = await verify(c.dir);
    expect(r.ok).toBe(false);
    expect(r.first_bad_seq).toBe(18);
    expect(r.findings[0]?.kind).toBe("payload_mismatch");
    c.cleanup();
  });

  it("a modified field (deny → allow) → leaf_hash_mismatch at its seq", async () => {
    const c = copyLog();
    const h = header(c.db, 21);
    expect(h.verdict).toBe("deny");
    putHeader(c.db, 21, { ...h, verdict: "allow" }, false);
    c.db.close();
    const r = await verify(c.dir);
    expect(r.first_bad_seq).toBe(21);
    expect(r.findings[0]?.kind).toBe("leaf_hash_mismatch");
    expect(r.findings.map((f) => f.kind)).toContain("head_root_mismatch");
    c.cleanup();
  });

  it("a modified field with its leaf hash recomputed → caught by the covering signed head (range start)", async () => {
    const c = copyLog();
    putHeader(c.db, 27, { ...header(c.db, 27), tool_name: "read_account" }, true);
    fixState(c.db);
    c.db.close();
    const r = await verify(c.dir);
    expect(r.ok).toBe(false);
    // Without a signature per record, the head interval (21..30) is as precise as it gets.
    expect(r.first_bad_seq).toBe(21);
    expect(r.findings[0]).toMatchObject({ kind: "head_root_mismatch" });
    expect(r.findings[0]?.message).toContain("21..30");
    c.cleanup();
  });

  it("a deleted record → missing_record at its seq", async () => {
    const c = copyLog();
    c.db.prepare("DELETE FROM audit_records WHERE seq = 25").run();
    c.db.close();
    const r = await verify(c.dir);
    expect(r.first_bad_seq).toBe(25);
    expect(r.findings[0]?.kind).toBe("missing_record");
    c.cleanup();
  });

  it("a deleted record with later records renumbered → caught at its seq", async () => {
    const c = copyLog();
    c.db.prepare("DELETE FROM audit_records WHERE seq = 25").run();
    c.db.prepare("UPDATE audit_records SET seq = -(seq - 1) WHERE seq > 25").run();
    c.db.prepare("UPDATE audit_records SET seq = -seq WHERE seq < 0").run();
    fixState(c.db);
    c.db.close();
    const r = await verify(c.dir);
    expect(r.first_bad_seq).toBe(25);
    expect(r.findings[0]?.kind).toBe("seq_mismatch");
    c.cleanup();
  });

  it("an inserted record → inserted_record at its position", async () => {
    const c = copyLog();
    // Shift 33.. up by one and forge a plausible record 33 (valid digest and leaf hash).
    c.db.prepare("UPDATE audit_records SET seq = -(seq + 1) WHERE seq >= 33").run();
    c.db.prepare("UPDATE audit_records SET seq = -seq WHERE seq < 0").run();
    const payload = JSON.stringify({ approval: null, context_hash: null, details: null, llm_reasoning: "forged", principal: null, tool_input: { amount: 1 }, tool_output: null });
    const forged: AuditHeader = { ...header(c.db, 32), seq: 33, kind: "intent", intent_seq: null, status: null, payload_sha256: `sha256:${sha256Hex(payload)}` };
    const text = canonicalHeader(forged);
    c.db.prepare("INSERT INTO audit_records (seq, header, leaf_hash, payload) VALUES (?, ?, ?, ?)").run(33, text, Buffer.from(leafHashOf(text)), payload);
    fixState(c.db);
    c.db.close();
    const r = await verify(c.dir);
    expect(r.first_bad_seq).toBe(33);
    expect(r.findings[0]?.kind).toBe("inserted_record");
    c.cleanup();
  });

  it("two records swapped → caught at the first of them", async () => {
    const c = copyLog();
    const a = c.db.prepare("SELECT header, leaf_hash, payload FROM audit_records WHERE seq = 12").get() as { header: string; leaf_hash: Buffer; payload: string };
    const b = c.db.prepare("SELECT header, leaf_hash, payload FROM audit_records WHERE seq = 14").get() as { header: string; leaf_hash: Buffer; payload: string };
    const put = c.db.prepare("UPDATE audit_records SET header = ?, leaf_hash = ?, payload = ? WHERE seq = ?");
    put.run(b.header, b.leaf_hash, b.payload, 12);
    put.run(a.header, a.leaf_hash, a.payload, 14);
    c.db.close();
    const r = await verify(c.dir);
    expect(r.first_bad_seq).toBe(12);
    expect(r.findings[0]?.kind).toBe("seq_mismatch");
    expect(r.findings.some((f) => f.seq === 14)).toBe(true);
    c.cleanup();
  });

  it("a truncated tail, its last head still present → head_beyond_log at the first missing seq", async () => {
    const c = copyLog();
    c.db.prepare("DELETE FROM audit_records WHERE seq > 44").run();
    fixState(c.db);
    c.db.close();
    const r = await verify(c.dir, { headsFile: false });
    expect(r.first_bad_seq).toBe(45);
    expect(r.findings[0]?.kind).toBe("head_beyond_log");
    c.cleanup();
  });

  it("a truncated tail with its heads removed too → caught by heads.ndjson or by a head saved earlier", async () => {
    const c = copyLog();
    c.db.prepare("DELETE FROM audit_records WHERE seq > 44").run();
    c.db.prepare("DELETE FROM audit_heads WHERE tree_size > 44").run();
    fixState(c.db);
    c.db.close();
    const viaFile = await verify(c.dir);
    expect(viaFile.first_bad_seq).toBe(45);
    expect(viaFile.findings[0]?.kind).toBe("head_beyond_log");
    unlinkSync(join(c.dir, "heads.ndjson"));
    const viaSaved = await verify(c.dir, { since: savedHead });
    expect(viaSaved.first_bad_seq).toBe(45);
    // With no outside evidence at all, a clean truncation is indistinguishable from a shorter log:
    // that is why heads are shipped to a witness and why --since-head exists.
    const blind = await verify(c.dir);
    expect(blind.ok).toBe(true);
    c.cleanup();
  });

  it("a log rewritten and re-signed with another key → head_signature_invalid from seq 1 under the pinned key", async () => {
    const c = copyLog();
    putHeader(c.db, 33, { ...header(c.db, 33), verdict: "allow", rule_ids: [] }, true);
    fixState(c.db);
    // The attacker replaces the key and re-signs every head over the rewritten tree.
    const { privateKey } = generateKeyPairSync("ed25519");
    const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const priv = createPrivateKey(pem);
    const raw = new Uint8Array(Buffer.from(createPublicKey(priv).export({ format: "jwk" }).x as string, "base64url"));
    const { keyIdOf } = await import("../src/audit/keys.js");
    const forger = { keyId: keyIdOf(raw), raw, verify: () => true, sign: (t: string) => edSign(null, Buffer.from(t), priv).toString("base64") };
    const leaves = (c.db.prepare("SELECT leaf_hash FROM audit_records ORDER BY seq").all() as { leaf_hash: Buffer }[]).map((r) => r.leaf_hash);
    c.db.prepare("DELETE FROM audit_heads").run();
    const lines: string[] = [];
    for (let size = 10; size <= N; size += 10) {
      const f = new Frontier(nodeHasher);
      leaves.slice(0, size).forEach((l) => f.push(l));
      const h = signHead(forger, { tree_size: size, root_hash: toHex(f.root()), timestamp: "2026-03-18T15:00:00.000Z" });
      c.db.prepare("INSERT INTO audit_heads (tree_size, json) VALUES (?, ?)").run(size, JSON.stringify(h));
      lines.push(JSON.stringify(h));
    }
    writeFileSync(join(c.dir, "heads.ndjson"), lines.join("\n") + "\n");
    writeFileSync(join(c.dir, "audit-key.json"), JSON.stringify({ v: 1, alg: "Ed25519", key_id: forger.keyId, public_key: Buffer.from(raw).toString("base64"), private_key_pem: pem }));
    c.db.close();
    const pinned = await verify(c.dir);
    expect(pinned.ok).toBe(false);
    expect(pinned.first_bad_seq).toBe(1);
    expect(pinned.findings[0]?.kind).toBe("head_signature_invalid");
    // Not pinned: the data directory's (replaced) key vouches for the rewrite; a head saved earlier still catches it.
    const store = openExistingStore(c.dir);
    const unpinned = await verifyLog({ store: store.audit, localKey: loadLocalPublicKey(c.dir), sinceHead: savedHead });
    await store.close();
    expect(unpinned.ok).toBe(false);
    expect(unpinned.findings.map((f) => f.kind)).toContain("head_signature_invalid");
    c.cleanup();
  });

  it("a payload purged without a purge record → payload_missing at its seq", async () => {
    const c = copyLog();
    c.db.prepare("UPDATE audit_records SET payload = NULL WHERE seq = 22").run();
    c.db.close();
    const r = await verify(c.dir);
    expect(r.first_bad_seq).toBe(22);
    expect(r.findings[0]?.kind).toBe("payload_missing");
    c.cleanup();
  });
});

