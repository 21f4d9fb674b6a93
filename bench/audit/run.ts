// Audit log benchmark (issue 4). Not a test: prints figures, asserts nothing.
//   node --import tsx bench/audit/run.ts [--quick] [--dir DIR]
// Every figure is the median of ROUNDS runs; floors and Warden run in this one process on one disk.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { openAudit, verifyLog, loadLocalPublicKey, buildInclusionProof, latestHead, nodeHasher, headVerifier, type IntentInput } from "../../src/audit/index.js";
import { openExistingStore } from "../../src/audit/open.js";
import { fromHex, verifyInclusion, type SignedTreeHead } from "../../src/core/audit/index.js";
import { fileAppend, fileSink, interleaved, sha256Rate, sqliteInsert, sqliteSink } from "./floors.js";
import { leafHashOf } from "../../src/audit/hash.js";
import type { VerifyChildResult } from "./verify-child.js";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const dirArg = args[args.indexOf("--dir") + 1];
const ROOT = args.includes("--dir") && dirArg ? dirArg : tmpdir();
const ROUNDS = quick ? 1 : 3;
const N_STRICT = quick ? 300 : 2000;
const N_GROUP = quick ? 20_000 : 100_000;
const CONCURRENCY = 1000;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const fresh = (): string => mkdtempSync(join(ROOT, "warden-bench-"));

/** ~1 KB records: a realistic intent whose arguments carry ~600 bytes. */
function intent(i: number): IntentInput {
  return {
    session_id: `sess_${i % 64}`,
    tenant: "acme",
    policy_hash: "sha256:9f3c8a12d4e5b6a7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1",
    correlation_id: `corr-${i}`,
    trace_id: `4bf92f3577b34da6a3ce929d0e0e${String(i).padStart(4, "0")}`,
    call: {
      agent: `finance-agent-prod-0${i % 4}`,
      task: "transfer",
      principal: "sarah@financeapp.com",
      tool: "transfer_funds",
      args: { from_account: "****3847", to_account: "****9921", amount: 2400 + (i % 100), currency: "USD", memo: "x".repeat(200), invoice: `INV-${i}` },
      reasoning: "User requested payment of invoice #4471, due today.",
    },
    decision: { verdict: "allow", rule_ids: ["tier-default"], reasons: [{ rule_id: "tier-default", effect: "allow", message: "write_broad with approval" }], obligations: {}, risk: "medium", consumes: { tool_calls: 1, cost_usd: 0, meters: {} } },
  };
}

async function strictRate(): Promise<{ rate: number; bytes: number }> {
  const dir = fresh();
  const a = await openAudit(dir, { durability: "strict", headIntervalMs: 1000 });
  const t0 = performance.now();
  for (let i = 0; i < N_STRICT; i++) await a.log.appendIntent(intent(i));
  const rate = N_STRICT / ((performance.now() - t0) / 1000);
  const row = await a.store.audit.get(1);
  await a.close();
  rmSync(dir, { recursive: true, force: true });
  return { rate, bytes: (row?.header.length ?? 0) + (row?.payload?.length ?? 0) };
}

/** Strict appends through AuditLog, interleaved slice by slice with the two raw floors (see floors.ts). */
async function strictVsFloors(recs: Buffer[]): Promise<{ strict: number; fsync1: number; sqlite1: number }> {
  const dir = fresh();
  const a = await openAudit(dir, { durability: "strict", headIntervalMs: 1000 });
  const r = await interleaved(
    {
      fsync1: fileSink(dir, recs),
      sqlite1: sqliteSink(dir, recs),
      strict: { write: (i) => a.log.appendIntent(intent(i)), close: () => a.close() },
    },
    N_STRICT,
    20,
  );
  rmSync(dir, { recursive: true, force: true });
  return r as { strict: number; fsync1: number; sqlite1: number };
}

/** CPU time of this process (all threads), µs; with wall time it tells CPU-bound from waiting on a busy machine. */
const cpuUs = (): number => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

async function groupRate(keep = false): Promise<{ rate: number; dir: string; cpuPerRecord: number }> {
  const dir = fresh();
  const a = await openAudit(dir, { durability: "group", groupWindowMs: 1, headIntervalMs: 1000 });
  let next = 0;
  const t0 = performance.now();
  const c0 = cpuUs();
  const worker = async (): Promise<void> => {
    while (next < N_GROUP) await a.log.appendIntent(intent(next++));
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const rate = N_GROUP / ((performance.now() - t0) / 1000);
  const cpuPerRecord = (cpuUs() - c0) / N_GROUP;
  await a.close();
  if (!keep) rmSync(dir, { recursive: true, force: true });
  return { rate, dir, cpuPerRecord };
}

/** Verify with `threads` reader threads (0: all in one thread), or verifyLog's default. */
async function verifyRate(dir: string, threads?: number): Promise<{ rate: number; size: number; ok: boolean; cpuPerRecord: number }> {
  const store = openExistingStore(dir);
  const key = loadLocalPublicKey(dir);
  const t0 = performance.now();
  const c0 = cpuUs();
  const r = await verifyLog({ store: store.audit, pinnedKey: key, ...(threads !== undefined ? { threads } : {}) });
  const rate = r.size / ((performance.now() - t0) / 1000);
  const cpuPerRecord = (cpuUs() - c0) / r.size;
  await store.close();
  return { rate, size: r.size, ok: r.ok, cpuPerRecord };
}

/**
 * Verify as `warden audit verify` runs it: a fresh process over the log, with the SHA-256 floor over the
 * same records measured in that process (see verify-child.ts). This parent waits, using no CPU meanwhile.
 */
function verifyInChild(dir: string): VerifyChildResult {
  const child = new URL("./verify-child.ts", import.meta.url).pathname;
  const out = execFileSync(process.execPath, [...process.execArgv, "--expose-gc", child, dir], { encoding: "utf8", maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split("\n").pop() as string) as VerifyChildResult;
}

async function proofTimes(dir: string): Promise<{ hashUs: number; sigUs: number; pathLen: number }> {
  const store = openExistingStore(dir);
  const head = (await latestHead(store.audit)) as SignedTreeHead;
  const proof = await buildInclusionProof(store.audit, Math.floor(head.tree_size / 3), head);
  await store.close();
  const key = loadLocalPublicKey(dir);
  if (!key) throw new Error("no key");
  const path = proof.path.map(fromHex);
  const root = fromHex(head.root_hash);
  const it = 20_000;
  const hashT: number[] = [];
  const sigT: number[] = [];
  const verify = headVerifier(key);
  for (let r = 0; r < 5; r++) {
    let t0 = performance.now();
    for (let i = 0; i < it; i++) if (!verifyInclusion(nodeHasher, proof.seq - 1, head.tree_size, leafHashOf(proof.header), path, root)) throw new Error("bad proof");
    hashT.push(((performance.now() - t0) * 1000) / it);
    t0 = performance.now();
    for (let i = 0; i < it / 10; i++) if (!verify(head)) throw new Error("bad sig");
    sigT.push(((performance.now() - t0) * 1000) / (it / 10));
  }
  return { hashUs: median(hashT), sigUs: median(sigT), pathLen: path.length };
}

async function main(): Promise<void> {
  const out = (s: string): void => void process.stdout.write(s + "\n");
  const err = (s: string): void => void process.stderr.write(s + "\n");
  const loadAtStart = loadavg()[0]?.toFixed(2);
  const probe = await strictRate();
  const recBytes = probe.bytes;
  // Floors use buffers of the same size as a stored record (header + payload).
  const recs = (n: number): Buffer[] => Array.from({ length: n }, (_, i) => Buffer.alloc(recBytes, 97 + (i % 26)));
  const floorDir = fresh();
  const r = { fsync1: [] as number[], fsyncGroup: [] as number[], sqlite1: [] as number[], sqliteBatch: [] as number[], sha: [] as number[], strict: [] as number[], group: [] as number[], verify: [] as number[], verify1: [] as number[], verify1Cpu: [] as number[], verifyThreads: [] as number[], childVerify: [] as number[], childVerifyCpu: [] as number[], childSha: [] as number[], childShaCpu: [] as number[], childThreads: [] as number[], groupCpu: [] as number[], verifyCpu: [] as number[], shaCpu: [] as number[] };
  let verifyDir = "";
  let verifySize = 0;
  for (let round = 0; round < ROUNDS; round++) {
    err(`round ${round + 1}/${ROUNDS}…`);
    const s = await strictVsFloors(recs(N_STRICT));
    r.fsync1.push(s.fsync1);
    r.sqlite1.push(s.sqlite1);
    r.strict.push(s.strict);
    r.fsyncGroup.push(fileAppend(floorDir, recs(N_GROUP), 1000));
    r.sqliteBatch.push(sqliteInsert(floorDir, recs(N_GROUP), 1000));
    const shaRecs = recs(N_GROUP);
    const c0 = cpuUs();
    r.sha.push(sha256Rate(shaRecs));
    r.shaCpu.push((cpuUs() - c0) / N_GROUP);
    const g = await groupRate(true);
    r.group.push(g.rate);
    r.groupCpu.push(g.cpuPerRecord);
    // One reader thread per CPU but the main thread's (at most 4). verifyLog's default also subtracts the
    // load average, which here would count this benchmark's own group-commit run just before.
    const threads = Math.max(1, Math.min(4, cpus().length - 1));
    r.verifyThreads.push(threads);
    const v = await verifyRate(g.dir, threads);
    if (!v.ok) throw new Error("benchmark log did not verify");
    r.verify.push(v.rate);
    r.verifyCpu.push(v.cpuPerRecord);
    const v1 = await verifyRate(g.dir, 0);
    r.verify1.push(v1.rate);
    r.verify1Cpu.push(v1.cpuPerRecord);
    verifySize = v.size;
    const c = verifyInChild(g.dir);
    if (!c.ok) throw new Error("benchmark log did not verify in the child process");
    r.childVerify.push(c.verifyRate);
    r.childVerifyCpu.push(c.verifyCpu);
    r.childSha.push(c.shaRate);
    r.childShaCpu.push(c.shaCpu);
    r.childThreads.push(c.threads);
    if (verifyDir) rmSync(verifyDir, { recursive: true, force: true });
    verifyDir = g.dir;
  }
  const proof = await proofTimes(verifyDir);
  rmSync(verifyDir, { recursive: true, force: true });
  rmSync(floorDir, { recursive: true, force: true });
  const m = Object.fromEntries(Object.entries(r).map(([k, v]) => [k, median(v)])) as Record<keyof typeof r, number>;
  const f = (x: number): string => Math.round(x).toLocaleString("en-US");
  const verifyThreads = r.verifyThreads.join("/");
  const pct = (a: number, b: number): string => `${Math.round((100 * a) / b)}%`;
  out(`machine: ${cpus()[0]?.model ?? "?"} × ${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}, disk: ${ROOT}; load average at the start ${loadAtStart}, at the end ${loadavg()[0]?.toFixed(2)}`);
  out(`record size: ${recBytes} bytes (header + payload); rounds: ${ROUNDS} (medians); strict N=${N_STRICT} (interleaved with its floors in 20 slices), group N=${N_GROUP} with ${CONCURRENCY} concurrent callers`);
  out("");
  out("| measurement | records/s | floor | ratio | target |");
  out("| --- | ---: | ---: | ---: | --- |");
  out(`| strict append (fsync per record) | ${f(m.strict)} | raw file append+fsync ${f(m.fsync1)} | ${pct(m.strict, m.fsync1)} | ≥ 80% of raw fsync |`);
  out(`| (floor) SQLite WAL insert, 1 row/commit | ${f(m.sqlite1)} | raw fsync ${f(m.fsync1)} | ${pct(m.sqlite1, m.fsync1)} | – |`);
  out(`| group-commit append | ${f(m.group)} | raw file append, fsync/1000 ${f(m.fsyncGroup)}; SQLite 1000 rows/commit ${f(m.sqliteBatch)} | ${pct(m.group, m.sqliteBatch)} of SQLite batch | ≥ 100,000/s |`);
  out(`| verify as \`warden audit verify\` runs it: fresh process, its default threads (${r.childThreads.join("/")} by round) | ${f(m.childVerify)} | raw SHA-256 of the same records in that process ${f(m.childSha)} | ${pct(m.childVerify, m.childSha)} | ≥ 40% of raw SHA-256 |`);
  out(`| (in-process, after the appends: verify of ${f(verifySize)} records, main thread + ${verifyThreads} reader threads by round) | ${f(m.verify)} | raw SHA-256 of the same bytes, one thread ${f(m.sha)} | ${pct(m.verify, m.sha)} | – |`);
  out(`| (in-process, after the appends: verify in one thread, threads: 0) | ${f(m.verify1)} | raw SHA-256 ${f(m.sha)} | ${pct(m.verify1, m.sha)} | – |`);
  out("");
  out(`CPU time per record (this process, all threads; wall-clock rates above suffer when other processes hold the cores): group commit ${m.groupCpu.toFixed(1)} µs (${f(1e6 / m.groupCpu)} records per CPU-second); verify ${m.verifyCpu.toFixed(1)} µs with threads, ${m.verify1Cpu.toFixed(1)} µs in one thread, vs raw SHA-256 ${m.shaCpu.toFixed(1)} µs (CPU ratio ${pct(m.shaCpu, m.verifyCpu)} with threads, ${pct(m.shaCpu, m.verify1Cpu)} in one thread); fresh-process verify ${m.childVerifyCpu.toFixed(1)} µs vs raw SHA-256 ${m.childShaCpu.toFixed(1)} µs in that process (CPU ratio ${pct(m.childShaCpu, m.childVerifyCpu)})`);
  out(`inclusion proof check: hashing ${proof.hashUs.toFixed(1)} µs (leaf + ${proof.pathLen} nodes), Ed25519 head signature ${proof.sigUs.toFixed(1)} µs (target: hashing ≤ 50 µs)`);
}

await main();
