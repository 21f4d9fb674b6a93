// Per-call session cost by session length: the session part of a governed call (take the in-process copy
// after a version check, decide, observe, compare-and-set write to SQLite), as CPU time per call, for
// sessions of 10, 1,000 and 5,000 steps. A development aid, not a test: nothing here asserts a time.
//
// A/B in one process: this tree (head + append-only step rows) and, with --old DIR, a checkout of the code
// before the split (one whole JSON value rewritten per call), each through its own modules and its own
// data directory, rounds interleaved so both see the same machine noise.
//   git worktree add /tmp/wt-old e8e88c7 && ln -s "$PWD/node_modules" /tmp/wt-old/node_modules
//   node --import tsx bench/gateway/session-length.ts --old /tmp/wt-old [--rounds 5] [--calls 200] [--lengths 10,1000,5000] [--replicas 2]
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { median } from "../decision/stats.js";

const argv = process.argv.slice(2);
const opt = (f: string): string | undefined => (argv.includes(f) ? argv[argv.indexOf(f) + 1] : undefined);
const ROUNDS = Number(opt("--rounds") ?? 5);
const CALLS = Number(opt("--calls") ?? 200);
const BATCH = 20;
const LENGTHS = (opt("--lengths") ?? "10,1000,5000").split(",").map(Number);
// --replicas 2: calls take turns between two connections to the file, each with its own session copy (two
// gateways behind a load balancer): every call finds the other's write and must read it.
const REPLICAS = Number(opt("--replicas") ?? 1);

const POLICY = `version: 1
tools:
  read_account: { tier: read_only, labels: [sensitive] }
  fetch_page:   { tier: read_only, labels: [untrusted] }
  send_email:   { tier: write_limited, sink: external }
tasks:
  work: ["*"]
roles:
  r: { tools: ["*"] }
agents:
  bench-agent: { tenant: t, roles: [r] }
rules:
  - id: injected-recipient
    when: tool == "send_email" && provenance["/to"] == "untrusted"
    then: { deny: "recipient came only from untrusted content" }
sequences:
  - id: read-then-mail
    steps: [read_account, send_email]
    within: 5m
    then: approve
`;

/* eslint-disable @typescript-eslint/no-explicit-any -- two code versions with different signatures, loaded by path */
interface Impl {
  name: string;
  core: any;
  repo: any;
  sqlite: any;
  policy: any;
  /** Store a session already `length` steps long, as this version stores sessions. */
  seed(store: any, session: any): Promise<void>;
  /** One call's session write: observe `outcome` into the session. */
  write(store: any, id: string, call: any, outcome: any, first: any): Promise<unknown>;
  /** Bytes this version wrote for the last call of session `id`. */
  lastWrite(db: any, id: string): number;
}

async function load(name: string, root: string): Promise<Impl> {
  const imp = (p: string) => import(pathToFileURL(join(root, p)).href);
  const core = await imp("src/core/index.ts");
  const repo = await imp("src/gateway/pipeline/session-repo.ts");
  const sqlite = await imp("src/store/sqlite/index.ts");
  const compiled = core.compilePolicy(POLICY);
  if (!compiled.ok) throw new Error(`${name}: policy does not compile`);
  const split = typeof repo.appendStep === "function";
  return {
    name,
    core,
    repo,
    sqlite,
    policy: compiled.policy,
    seed: (store, session) => (split ? repo.createStoredSession(store, session) : store.create(session.id, session)),
    write: (store, id, call, outcome, first) =>
      split
        ? repo.appendStep(store, id, (s: any) => core.observeStep(compiled.policy, s, call, outcome), 8, first)
        : repo.updateSession(store, id, (s: any) => core.observe(compiled.policy, s, call, outcome), 8, first),
    lastWrite: (db, id) =>
      split
        ? (db.prepare("SELECT length(value) FROM sessions WHERE id = ?").pluck().get(id) as number) +
          (db.prepare("SELECT length(value) FROM session_items WHERE id = ? ORDER BY n DESC LIMIT 1").pluck().get(id) as number)
        : (db.prepare("SELECT length(value) FROM sessions WHERE id = ?").pluck().get(id) as number),
  };
}

const T0 = 1_767_614_400_000;
const TOOLS = ["read_account", "fetch_page", "send_email"];
/** Call i of a session: a read, a page, an email, in turn; outputs carry a per-call id, so the index grows. */
function step(i: number) {
  const tool = TOOLS[i % 3] as string;
  const args = tool === "send_email" ? { to: `vendor${i % 50}@example.com`, subject: "rates" } : { account: String(3000 + (i % 900)) };
  const output = tool === "read_account" ? { account: args.account, balance: 1000 + i, currency: "EUR", txn: `tx-${i}` } : tool === "fetch_page" ? { body: `Rates today: 3.${i % 10}% for vendor${i % 50}@example.com, ref ${i}` } : { sent: true, id: `msg-${i}` };
  return { call: { agent: "bench-agent", task: "work", principal: "sarah", tool, args }, output, at: T0 + i * 1000 };
}

/**
 * CPU per call at `length` steps: batches of BATCH calls, each on a fresh copy of a session `length` steps
 * long (seeded and read outside the timing), so every measured call sees a session of length+1..length+BATCH steps.
 */
async function measure(impl: Impl, length: number): Promise<{ cpu_us: number; bytes: number }> {
  const dir = mkdtempSync(join(os.tmpdir(), "warden-bench-seslen-"));
  const replicas = Array.from({ length: REPLICAS }, () => impl.sqlite.openSqliteStore(dir));
  const store = replicas[0];
  try {
    let base = impl.core.createSession({ id: "ses_base", agent: "bench-agent", task: "work", principal: "sarah", tenant: "t", request: "check my balance and email the rates" }, T0);
    for (let i = 0; i < length; i++) {
      const x = step(i);
      base = impl.core.observe(impl.policy, base, x.call, { executed: true, verdict: "allow", at: x.at, output: x.output });
    }
    const text = JSON.stringify(base);
    const one = async (id: string, i: number) => {
      const x = step(i);
      const sessions = replicas[i % REPLICAS].sessions;
      const loaded = await impl.repo.loadSession(sessions, id);
      const d = impl.core.decide(impl.policy, x.call, loaded.session, x.at);
      await impl.write(sessions, id, x.call, { executed: true, verdict: d.verdict, rule_ids: d.rule_ids, at: x.at, output: x.output }, loaded);
    };
    let cpu = 0;
    let id = "";
    for (let b = -1; b < CALLS / BATCH; b++) {
      id = `ses_${b + 1}`;
      await impl.seed(store.sessions, { ...JSON.parse(text), id });
      // The first call (per replica) reads the stored session; the rest reuse the copy it wrote, as a gateway
      // serving the session does. Measured: the steady state.
      for (let k = 0; k < REPLICAS; k++) await one(id, length + k);
      const t = process.cpuUsage();
      for (let k = REPLICAS; k < REPLICAS + BATCH; k++) await one(id, length + k);
      const used = process.cpuUsage(t);
      if (b >= 0) cpu += used.user + used.system; // batch -1 warms the code paths up, untimed
    }
    return { cpu_us: cpu / CALLS, bytes: impl.lastWrite(store.db, id) };
  } finally {
    for (const r of replicas) await r.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const impls = [await load("split (this tree)", resolve(import.meta.dirname, "..", ".."))];
const oldRoot = opt("--old");
if (oldRoot) impls.push(await load(`whole value (${oldRoot})`, resolve(oldRoot)));

console.log(`session part of a governed call (loadSession + decide + observe + SQLite write): ${CALLS} calls per round in batches of ${BATCH}, each batch on a fresh copy of the session; ${REPLICAS === 1 ? "one gateway" : `${REPLICAS} replicas taking turns`}; median of ${ROUNDS} rounds, each round in brackets`);
console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "?"}, load average ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}, node ${process.version}`);
const results = new Map<string, { cpu: number[]; bytes: number }>();
for (const length of LENGTHS)
  for (let r = 0; r < ROUNDS; r++)
    for (const impl of r % 2 ? [...impls].reverse() : impls) {
      const m = await measure(impl, length);
      const key = `${impl.name}@${length}`;
      const e = results.get(key) ?? { cpu: [], bytes: m.bytes };
      e.cpu.push(m.cpu_us);
      results.set(key, e);
    }

console.log("\n| steps | " + impls.map((i) => `${i.name}: CPU µs/call | bytes written/call`).join(" | ") + (impls.length > 1 ? " | old ÷ new |" : " |"));
console.log("| ---: |" + impls.map(() => " ---: | ---: |").join("") + (impls.length > 1 ? " ---: |" : ""));
for (const length of LENGTHS) {
  const cells = impls.map((i) => results.get(`${i.name}@${length}`) as { cpu: number[]; bytes: number });
  const meds = cells.map((c) => median(c.cpu));
  const ratio = meds.length > 1 ? ` ${((meds[1] as number) / (meds[0] as number)).toFixed(1)}× |` : "";
  console.log(`| ${length.toLocaleString("en")} | ` + cells.map((c, k) => `${(meds[k] as number).toFixed(0)} (${c.cpu.map((x) => x.toFixed(0)).join(", ")}) | ${c.bytes.toLocaleString("en")}`).join(" | ") + ` |${ratio}`);
}
console.log(`\nload average after: ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}`);
