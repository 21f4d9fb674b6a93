// Gateway benchmark (issue 5). Not a test: prints figures, asserts nothing.
//   node --import tsx bench/gateway/run.ts [--json] [--quick] [--profile] [--rounds N] [--seconds S] [--keep]
//   node --import tsx bench/gateway/run.ts --from result.json   (re-render a saved --json run as Markdown)
// One run, on loopback, with the floors measured beside Warden: a trivial upstream (child process),
// direct calls to it, a bare Node pass-through proxy (child), raw write+fsync on the same disk, and Warden
// (child, group-commit audit in SQLite in a temp data dir). autocannon runs in this process.
// --profile (or any missed target) adds a CPU profile of the gateway at saturation.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { HEADS_FILE, loadLocalPublicKey, openExistingStore, readHeadsFile, verifyLog } from "../../src/audit/index.js";
import { ask, cpuOf, start, stop, type Child } from "./children.js";
import { load, rawFsync, type FsyncResult, type LoadResult } from "./load.js";
import { summariseGatewayProfile, type ProfileReport } from "./profile.js";

const argv = process.argv.slice(2);
const flag = (f: string) => argv.includes(f);
const num = (f: string, d: number) => {
  const i = argv.indexOf(f);
  return i >= 0 ? Number(argv[i + 1]) : d;
};
const quick = flag("--quick");
const ROUNDS = num("--rounds", quick ? 1 : 3);
const SECONDS = num("--seconds", quick ? 3 : 10);
const WARMUP_S = quick ? 2 : 5;
const FIXED_CONNECTIONS = num("--connections", 10);
const SAT_CONNECTIONS = num("--sat-connections", 64);
const SESSIONS = quick ? 128 : 512;
const FSYNC_RECORDS = quick ? 500 : 3000;
const log = (s: string) => process.stderr.write(s + "\n");

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
function med(rs: LoadResult[]): LoadResult {
  const f = (k: "rps" | "p50_us" | "p99_us" | "mean_us") => median(rs.map((r) => r[k]));
  const cpu = rs.map((r) => r.cpu_us_per_call).filter((x): x is number => x !== undefined);
  return { rps: f("rps"), p50_us: f("p50_us"), p99_us: f("p99_us"), mean_us: f("mean_us"), ok: rs.reduce((a, r) => a + r.ok, 0), non2xx: rs.reduce((a, r) => a + r.non2xx, 0), errors: rs.reduce((a, r) => a + r.errors, 0), ...(cpu.length ? { cpu_us_per_call: median(cpu) } : {}) };
}

interface Report {
  machine: { cpu: string; cores: number; memory_gb: number; os: string; node: string; loadavg_start: number[]; loadavg_end?: number[]; date: string; disk_dir: string };
  command: string;
  method: { rounds: number; seconds: number; fixed_connections: number; saturation_connections: number; sessions: number; fsync_records: number };
  fsync: FsyncResult;
  rows: { name: string; target: "direct" | "proxy" | "warden"; rate: number | "saturation"; connections: number; result: LoadResult }[];
  added: { rate: number; p50_us: number; p99_us: number }[];
  targets: { name: string; value: string; limit: string; met: boolean }[];
  audit: { ok: boolean; records: number; heads_checked: number; first_bad_seq: number | null; open_intents: number };
  profile?: ProfileReport;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(os.tmpdir(), "warden-bench-gw-"));
  const report: Report = {
    machine: {
      cpu: os.cpus()[0]?.model ?? "unknown",
      cores: os.cpus().length,
      memory_gb: Math.round(os.totalmem() / 2 ** 30 * 10) / 10,
      os: `${os.type()} ${os.release()} ${os.arch()}`,
      node: process.version,
      loadavg_start: os.loadavg().map((x) => Math.round(x * 100) / 100),
      date: new Date().toISOString(),
      disk_dir: dir,
    },
    command: `node --import tsx bench/gateway/run.ts ${argv.join(" ")}`.trim(),
    method: { rounds: ROUNDS, seconds: SECONDS, fixed_connections: FIXED_CONNECTIONS, saturation_connections: SAT_CONNECTIONS, sessions: SESSIONS, fsync_records: FSYNC_RECORDS },
    fsync: { p50_us: 0, p99_us: 0, mean_us: 0, n: 0 },
    rows: [],
    added: [],
    targets: [],
    audit: { ok: false, records: 0, heads_checked: 0, first_bad_seq: null, open_intents: 0 },
  };

  const upstream = await start("upstream.ts", []);
  const upPort = upstream.info["port"] as number;
  const proxy = await start("proxy.ts", [String(upPort)]);
  const proxyPort = proxy.info["port"] as number;
  mkdirSync(join(dir, "data"), { recursive: true });
  const gw = await start("gateway.ts", [String(upPort), dir, "group"], "ignore");
  const gwUrl = gw.info["url"] as string;
  const key = gw.info["key"] as string;
  const auth = { authorization: `Bearer ${key}`, "content-type": "application/json" };
  const callBody = JSON.stringify({ tool: "echo", args: { account: "3847" } });

  // A fresh pool of sessions per Warden run, used round-robin, so a session sees tens of calls, as an agent's would.
  const sessionPool = async (): Promise<() => string> => {
    const ids: string[] = [];
    for (let i = 0; i < SESSIONS; i += 32) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(32, SESSIONS - i) }, async () => {
          const r = await fetch(`${gwUrl}/v1/sessions`, { method: "POST", headers: auth, body: JSON.stringify({ task: "work", principal: "sarah" }) });
          if (r.status !== 201) throw new Error(`session not created: ${r.status} ${await r.text()}`);
          return ((await r.json()) as { id: string }).id;
        }),
      );
      ids.push(...batch);
    }
    let n = 0;
    return () => `/v1/sessions/${ids[n++ % ids.length]}/calls`;
  };

  // The CPU time the serving process spent per answered call: with two cores shared by the load generator,
  // the upstream and the gateway, throughput is noisy, CPU per call much less so.
  const withCpu = async (c: Child, fn: () => Promise<LoadResult>): Promise<LoadResult> => {
    const before = await cpuOf(c);
    const r = await fn();
    const used = (await cpuOf(c)) - before;
    return { ...r, cpu_us_per_call: used / Math.max(1, r.ok + r.non2xx) };
  };
  const direct = (rate: number, seconds = SECONDS) => load({ url: `http://127.0.0.1:${upPort}/echo`, connections: rate ? FIXED_CONNECTIONS : SAT_CONNECTIONS, rate, seconds });
  const viaProxy = (rate: number, seconds = SECONDS) => withCpu(proxy, () => load({ url: `http://127.0.0.1:${proxyPort}/echo`, connections: rate ? FIXED_CONNECTIONS : SAT_CONNECTIONS, rate, seconds }));
  const warden = async (rate: number, seconds = SECONDS) => {
    const path = await sessionPool();
    return withCpu(gw, () => load({ url: gwUrl, method: "POST", headers: auth, body: callBody, path, connections: rate ? FIXED_CONNECTIONS : SAT_CONNECTIONS, rate, seconds }));
  };

  try {
    // Sanity: one call through Warden must succeed (200, the upstream's answer).
    const path = (await sessionPool())();
    const first = await fetch(gwUrl + path, { method: "POST", headers: auth, body: callBody });
    if (first.status !== 200) throw new Error(`a call through Warden failed: ${first.status} ${await first.text()}`);

    log("floor: raw write+fsync");
    const fs: FsyncResult[] = [];
    for (let r = 0; r < 3; r++) fs.push(rawFsync(dir, FSYNC_RECORDS));
    report.fsync = { p50_us: median(fs.map((x) => x.p50_us)), p99_us: median(fs.map((x) => x.p99_us)), mean_us: median(fs.map((x) => x.mean_us)), n: FSYNC_RECORDS * 3 };

    log("warm-up");
    await direct(0, WARMUP_S);
    await viaProxy(0, WARMUP_S);
    await warden(0, WARMUP_S);

    const scenarios: { name: string; target: "direct" | "proxy" | "warden"; rate: number; fn: () => Promise<LoadResult> }[] = [
      { name: "direct upstream", target: "direct", rate: 500, fn: () => direct(500) },
      { name: "Warden", target: "warden", rate: 500, fn: () => warden(500) },
      { name: "direct upstream", target: "direct", rate: 1000, fn: () => direct(1000) },
      { name: "bare Node proxy", target: "proxy", rate: 1000, fn: () => viaProxy(1000) },
      { name: "Warden", target: "warden", rate: 1000, fn: () => warden(1000) },
      { name: "direct upstream", target: "direct", rate: 0, fn: () => direct(0) },
      { name: "bare Node proxy", target: "proxy", rate: 0, fn: () => viaProxy(0) },
      { name: "Warden", target: "warden", rate: 0, fn: () => warden(0) },
    ];
    const results = new Map<number, LoadResult[]>();
    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, s] of scenarios.entries()) {
        log(`round ${round + 1}/${ROUNDS}: ${s.name} @ ${s.rate || "saturation"}`);
        const r = await s.fn();
        results.set(i, [...(results.get(i) ?? []), r]);
      }
    }
    for (const [i, s] of scenarios.entries()) {
      report.rows.push({ name: s.name, target: s.target, rate: s.rate || "saturation", connections: s.rate ? FIXED_CONNECTIONS : SAT_CONNECTIONS, result: med(results.get(i) ?? []) });
    }

    const row = (t: string, rate: number | "saturation") => (report.rows.find((r) => r.target === t && r.rate === rate) as Report["rows"][number]).result;
    for (const rate of [500, 1000]) report.added.push({ rate, p50_us: row("warden", rate).p50_us - row("direct", rate).p50_us, p99_us: row("warden", rate).p99_us - row("direct", rate).p99_us });
    const a1000 = report.added.find((a) => a.rate === 1000) as Report["added"][number];
    const ratio = row("warden", "saturation").rps / row("proxy", "saturation").rps;
    report.targets = [
      { name: "added p50 at 1,000 calls/s ≤ raw fsync p50 + 300 µs", value: `${fmt(a1000.p50_us)} µs`, limit: `${fmt(report.fsync.p50_us + 300)} µs`, met: a1000.p50_us <= report.fsync.p50_us + 300 },
      { name: "added p99 at 1,000 calls/s ≤ raw fsync p99 + 1 ms", value: `${fmt(a1000.p99_us)} µs`, limit: `${fmt(report.fsync.p99_us + 1000)} µs`, met: a1000.p99_us <= report.fsync.p99_us + 1000 },
      { name: "throughput at saturation ≥ 60% of the bare proxy", value: `${(100 * ratio).toFixed(1)}%`, limit: "60%", met: ratio >= 0.6 },
    ];

    if (flag("--profile") || report.targets.some((t) => !t.met)) {
      log("profile: Warden at saturation");
      const file = join(os.tmpdir(), `warden-gateway-saturation-${Date.now()}.cpuprofile`);
      const next = await sessionPool();
      await ask(gw, { cmd: "profile-start" }, "profiling");
      await load({ url: gwUrl, method: "POST", headers: auth, body: callBody, path: next, connections: SAT_CONNECTIONS, rate: 0, seconds: SECONDS });
      await ask(gw, { cmd: "profile-stop", file }, "profiled");
      report.profile = summariseGatewayProfile(file);
    }
  } finally {
    await stop(gw);
    await stop(proxy);
    await stop(upstream);
  }

  // The audit log written under load must verify, as `warden audit verify --data DIR` would check it.
  const data = join(dir, "data");
  const store = openExistingStore(data);
  try {
    const v = await verifyLog({ store: store.audit, localKey: loadLocalPublicKey(data), externalHeads: readHeadsFile(join(data, HEADS_FILE)).heads });
    report.audit = { ok: v.ok, records: v.size, heads_checked: v.heads_checked, first_bad_seq: v.first_bad_seq, open_intents: v.open_intents.length };
  } finally {
    await store.close();
  }
  report.machine.loadavg_end = os.loadavg().map((x) => Math.round(x * 100) / 100);
  if (!flag("--keep")) rmSync(dir, { recursive: true, force: true });

  if (flag("--json")) console.log(JSON.stringify(report, null, 2));
  else console.log(toMarkdown(report));
}

function fmt(us: number): string {
  return Number.isFinite(us) ? Math.round(us).toLocaleString("en-US") : "n/a";
}

export function toMarkdown(r: Report): string {
  const m = r.machine;
  const out: string[] = [];
  out.push(`Machine: ${m.cpu}, ${m.cores} cores, ${m.memory_gb} GB, ${m.os}; Node ${m.node}; load average ${m.loadavg_start.join(" / ")} at start${m.loadavg_end ? `, ${m.loadavg_end.join(" / ")} at end` : ""}; ${m.date}`);
  out.push(`Command: \`${r.command}\` — medians of ${r.method.rounds} round(s) of ${r.method.seconds} s; ${r.method.fixed_connections} connections at fixed rates, ${r.method.saturation_connections} at saturation; ${r.method.sessions} sessions per Warden run, used round-robin.`);
  out.push("");
  out.push("| load | target | connections | calls/s (2xx) | p50 µs | p99 µs | mean µs | non-2xx / errors | server CPU µs/call |");
  out.push("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const row of r.rows) {
    const x = row.result;
    out.push(`| ${row.rate === "saturation" ? "saturation" : `${row.rate.toLocaleString("en-US")}/s`} | ${row.name} | ${row.connections} | ${fmt(x.rps)} | ${fmt(x.p50_us)} | ${fmt(x.p99_us)} | ${fmt(x.mean_us)} | ${x.non2xx} / ${x.errors} | ${x.cpu_us_per_call === undefined ? "–" : fmt(x.cpu_us_per_call)} |`);
  }
  out.push(`| – | raw write 1 KB + fsync (same disk) | 1 | – | ${fmt(r.fsync.p50_us)} | ${fmt(r.fsync.p99_us)} | ${fmt(r.fsync.mean_us)} | – | – |`);
  const sat = (t: string) => r.rows.find((x) => x.target === t && x.rate === "saturation")?.result.cpu_us_per_call;
  const [pc, wc] = [sat("proxy"), sat("warden")];
  if (pc && wc) {
    out.push("");
    out.push(`CPU per call at saturation: bare proxy ${fmt(pc)} µs, Warden ${fmt(wc)} µs (ratio ${(100 * pc / wc).toFixed(1)}%: the throughput ratio both would reach with a core each and nothing else to wait on).`);
  }
  out.push("");
  out.push("| added by Warden (Warden − direct, same rate) | p50 µs | p99 µs |");
  out.push("| --- | ---: | ---: |");
  for (const a of r.added) out.push(`| ${a.rate.toLocaleString("en-US")} calls/s | ${fmt(a.p50_us)} | ${fmt(a.p99_us)} |`);
  out.push("");
  out.push("| target | value | limit | met? |");
  out.push("| --- | ---: | ---: | --- |");
  for (const t of r.targets) out.push(`| ${t.name} | ${t.value} | ${t.limit} | ${t.met ? "yes" : "**no**"} |`);
  out.push("");
  out.push(`Audit log after the run: ${r.audit.ok ? "verifies" : "**does not verify**"} — ${r.audit.records.toLocaleString("en-US")} records, ${r.audit.heads_checked} signed heads checked${r.audit.first_bad_seq !== null ? `, first bad seq ${r.audit.first_bad_seq}` : ""}, ${r.audit.open_intents} intents without outcome.`);
  if (r.profile) {
    out.push("");
    out.push(`Gateway CPU profile at saturation (${r.profile.file}), by component (innermost known frame):`);
    out.push("");
    out.push("| component | % of samples |");
    out.push("| --- | ---: |");
    for (const c of r.profile.components) out.push(`| ${c.component} | ${c.pct} |`);
    out.push("");
    out.push("Top self time: " + r.profile.top.slice(0, 12).map((f) => `${f.fn} (${f.where}) ${f.self_pct}%`).join("; "));
    out.push("");
    out.push("Project functions, inclusive: " + r.profile.inclusive.slice(0, 15).map((f) => `${f.fn} (${f.where}) ${f.self_pct}%`).join("; "));
  }
  return out.join("\n");
}

const from = argv.indexOf("--from");
if (from >= 0) console.log(toMarkdown(JSON.parse(readFileSync(argv[from + 1] ?? "", "utf8")) as Report));
else await main();
