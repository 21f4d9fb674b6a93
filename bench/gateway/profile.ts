// Summarise a gateway CPU profile: what costs what. Each sample is given to the innermost frame that
// belongs to a known component (walking from the leaf to the root), so the shares add up to 100%; native
// leaves (a write, a hash) count for the component that called them. Samples taken inside the inspector
// (starting and stopping the profiler itself) are left out.
import { readFileSync } from "node:fs";
import { inclusive, summarise, type HotFunction } from "../decision/profile.js";

interface Node {
  id: number;
  children?: number[];
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: Node[];
  samples?: number[];
  timeDeltas?: number[];
}

const PROFILER = "(profiler itself)";
const RULES: [string, (fn: string, url: string) => boolean][] = [
  [PROFILER, (_f, url) => url === "node:inspector"],
  ["idle", (fn) => fn === "(idle)"],
  ["GC", (fn) => fn === "(garbage collector)"],
  ["JSON parse/stringify", (fn, url) => url === "" && (fn === "parse" || fn === "stringify")],
  ["ajv (args schema)", (fn, url) => url.includes("/ajv") || /^validate\d+$/.test(fn)],
  ["decide (src/core/decide, cel)", (_f, url) => url.includes("/src/core/decide/") || url.includes("/src/core/cel/") || url.includes("@bufbuild/cel")],
  ["session: observe (src/core/session)", (_f, url) => url.includes("/src/core/session/")],
  ["session: load/CAS (session-repo)", (_f, url) => url.includes("/gateway/pipeline/session-repo")],
  ["sqlite (store, better-sqlite3)", (_f, url) => url.includes("/src/store/") || url.includes("better-sqlite3")],
  ["audit (append, hash, group commit, heads)", (_f, url) => url.includes("/src/audit/") || url.includes("/src/core/audit/") || url.includes("canonicalize")],
  ["guard scanners (src/core/guard)", (_f, url) => url.includes("/src/core/guard/")],
  ["exec (HTTP to upstream)", (_f, url) => url.includes("/src/exec/") || url.includes("undici")],
  ["identity (key check)", (_f, url) => url.includes("/src/identity/")],
  ["logging (pino)", (_f, url) => url.includes("pino") || url.includes("sonic-boom")],
  ["metrics (prom-client)", (_f, url) => url.includes("prom-client")],
  ["tracing (opentelemetry)", (_f, url) => url.includes("@opentelemetry")],
  ["gateway routes/pipeline (other)", (_f, url) => url.includes("/src/gateway/")],
  ["hono + node-server", (_f, url) => url.includes("/hono/") || url.includes("@hono")],
  ["node http server/client, net, events (core)", (_f, url) => url.startsWith("node:")],
  ["program (V8/native, no JS caller)", (fn) => fn === "(program)"],
];

export interface ProfileReport {
  file: string;
  components: { component: string; pct: number }[];
  top: HotFunction[];
  inclusive: HotFunction[];
}

export function summariseGatewayProfile(file: string): ProfileReport {
  const p = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const memo = new Map<number, string>();
  const classify = (id: number): string => {
    const seen = memo.get(id);
    if (seen) return seen;
    let out = "other (node_modules / native)";
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const n = byId.get(cur);
      if (!n) break;
      const rule = RULES.find(([, m]) => m(n.callFrame.functionName, n.callFrame.url));
      if (rule) {
        out = rule[0];
        break;
      }
    }
    memo.set(id, out);
    return out;
  };
  const by = new Map<string, number>();
  let total = 0;
  (p.samples ?? []).forEach((id, i) => {
    const dt = p.timeDeltas?.[i] ?? 1;
    const c = classify(id);
    if (c === PROFILER) return;
    total += dt;
    by.set(c, (by.get(c) ?? 0) + dt);
  });
  const components = [...by.entries()].sort((a, b) => b[1] - a[1]).map(([component, v]) => ({ component, pct: Math.round((1000 * v) / Math.max(1, total)) / 10 }));
  const rel = (x: HotFunction): HotFunction => ({ ...x, where: x.where.replace(/^.*\/(src|node_modules)\//, "$1/") });
  return {
    file,
    components,
    top: summarise(p, 15).map(rel),
    inclusive: inclusive(p, 20, (where) => where.includes("/src/") || where.startsWith("src/")).map(rel),
  };
}
