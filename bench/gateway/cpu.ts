// Quick per-call cost check (a development aid beside run.ts, not the benchmark of record): the bare proxy
// and Warden at saturation, each with the CPU time its process spent per call, and optionally a CPU
// profile of Warden by component. Per-call CPU stays readable on a shared, noisy machine where
// throughput does not.
//   node --import tsx bench/gateway/cpu.ts [--seconds S] [--profile] [--connections N] [--hono]
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { ask, cpuOf, start, stop, type Child } from "./children.js";
import { load, type LoadResult } from "./load.js";
import { summariseGatewayProfile } from "./profile.js";

const argv = process.argv.slice(2);
const num = (f: string, d: number) => (argv.includes(f) ? Number(argv[argv.indexOf(f) + 1]) : d);
const SECONDS = num("--seconds", 5);
const CONNECTIONS = num("--connections", 64);
const dir = mkdtempSync(join(os.tmpdir(), "warden-bench-cpu-"));
mkdirSync(join(dir, "data"));
const up = await start("upstream.ts", []);
const upPort = up.info["port"] as number;
const proxy = await start("proxy.ts", [String(upPort)]);
const gw = await start("gateway.ts", [String(upPort), dir, "group"], argv.includes("--verbose") ? "inherit" : "ignore");
const auth = { authorization: `Bearer ${gw.info["key"] as string}`, "content-type": "application/json" };
const body = JSON.stringify({ tool: "echo", args: { account: "3847" } });
const gwUrl = gw.info["url"] as string;

async function sessions(n: number): Promise<() => string> {
  const ids = await Promise.all(Array.from({ length: n }, async () => {
    const r = await fetch(`${gwUrl}/v1/sessions`, { method: "POST", headers: auth, body: JSON.stringify({ task: "work", principal: "sarah" }) });
    return ((await r.json()) as { id: string }).id;
  }));
  let i = 0;
  return () => `/v1/sessions/${ids[i++ % ids.length]}/calls`;
}

/** CPU ticks per thread name of a process (Linux /proc; empty elsewhere): main thread vs workers vs GC/libuv helpers. */
function threadTicks(pid: number | undefined): Map<string, number> {
  const out = new Map<string, number>();
  try {
    for (const t of readdirSync(`/proc/${pid}/task`)) {
      const stat = readFileSync(`/proc/${pid}/task/${t}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const name = t === String(pid) ? "main" : readFileSync(`/proc/${pid}/task/${t}/comm`, "utf8").trim();
      out.set(name, (out.get(name) ?? 0) + Number(f[11]) + Number(f[12]));
    }
  } catch {
    /* not Linux */
  }
  return out;
}

async function measure(c: Child, run: () => Promise<LoadResult>): Promise<LoadResult & { cpu: number }> {
  const a = await cpuOf(c);
  const r = await run();
  return { ...r, cpu: ((await cpuOf(c)) - a) / Math.max(1, r.ok + r.non2xx) };
}

try {
  const proxyRun = () => load({ url: `http://127.0.0.1:${proxy.info["port"] as number}/echo`, connections: CONNECTIONS, rate: 0, seconds: SECONDS });
  const wardenRun = async () => {
    const path = await sessions(128);
    return () => load({ url: gwUrl, method: "POST", headers: auth, body, path, connections: CONNECTIONS, rate: 0, seconds: SECONDS });
  };
  await proxyRun();
  await (await wardenRun())();
  const p = await measure(proxy, proxyRun);
  const t0 = threadTicks(gw.proc.pid);
  const w = await measure(gw, await wardenRun());
  const t1 = threadTicks(gw.proc.pid);
  const hz = 100; // USER_HZ: /proc reports CPU in 1/100 s
  const threads = [...t1.entries()].map(([n, v]) => [n, ((v - (t0.get(n) ?? 0)) * (1e6 / hz)) / Math.max(1, w.ok)] as const).filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1]);
  const line = (n: string, r: LoadResult & { cpu: number }) => `${n}: ${Math.round(r.rps)} calls/s, p50 ${Math.round(r.p50_us)} µs, ${Math.round(r.cpu)} CPU µs/call, non-2xx ${r.non2xx}, errors ${r.errors}`;
  console.log(`load ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}`);
  console.log(line("proxy ", p));
  if (argv.includes("--hono")) {
    // The HTTP layer's own floor: Hono on node-server, same request and a JSON answer, no governance.
    const hp = await start("hono-proxy.ts", [String(upPort)]);
    try {
      const honoRun = () => load({ url: `http://127.0.0.1:${hp.info["port"] as number}/v1/sessions/x/calls`, method: "POST", headers: auth, body, connections: CONNECTIONS, rate: 0, seconds: SECONDS });
      await honoRun();
      console.log(line("hono  ", await measure(hp, honoRun)));
    } finally {
      await stop(hp);
    }
  }
  console.log(line("warden", w));
  if (threads.length) console.log("warden CPU µs/call by thread: " + threads.map(([n, v]) => `${n} ${Math.round(v)}`).join(", "));
  console.log(`CPU ratio proxy/warden ${(100 * p.cpu / w.cpu).toFixed(1)}%, throughput ratio ${(100 * w.rps / p.rps).toFixed(1)}%`);
  if (argv.includes("--profile")) {
    const file = join(os.tmpdir(), `warden-gateway-cpu-${Date.now()}.cpuprofile`);
    const next = await (await wardenRun());
    await ask(gw, { cmd: "profile-start" }, "profiling");
    await next();
    await ask(gw, { cmd: "profile-stop", file }, "profiled");
    const rep = summariseGatewayProfile(file);
    console.log(file);
    for (const c of rep.components) console.log(`  ${c.component.padEnd(48)} ${c.pct}`);
    console.log("top self: " + rep.top.slice(0, 15).map((f) => `${f.fn} (${f.where}) ${f.self_pct}%`).join("; "));
    console.log("inclusive: " + rep.inclusive.slice(0, 20).map((f) => `${f.fn} (${f.where}) ${f.self_pct}%`).join("; "));
  }
} finally {
  await stop(gw);
  await stop(proxy);
  await stop(up);
  rmSync(dir, { recursive: true, force: true });
}
