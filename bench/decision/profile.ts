// --profile: sample the CPU while a workload runs (same data as `node --cpu-prof`), write the .cpuprofile
// and summarise the functions with the most self time.
import { Session } from "node:inspector/promises";
import { writeFileSync, mkdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";

interface ProfileNode {
  id: number;
  children?: number[];
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
}

export interface HotFunction {
  fn: string;
  where: string;
  self_pct: number;
}

export interface ProfileSummary {
  file: string;
  /** Functions with the most self time. */
  top: HotFunction[];
  /** Functions of the project (src/) with the most inclusive time: self plus callees. */
  inclusive: HotFunction[];
}

export async function profile(name: string, work: () => void): Promise<ProfileSummary> {
  const s = new Session();
  s.connect();
  await s.post("Profiler.enable");
  await s.post("Profiler.setSamplingInterval", { interval: 50 });
  await s.post("Profiler.start");
  work();
  const { profile: p } = (await s.post("Profiler.stop")) as { profile: Profile };
  s.disconnect();
  const dir = path.join(os.tmpdir(), "warden-bench-profiles");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.cpuprofile`);
  writeFileSync(file, JSON.stringify(p));
  return { file, top: summarise(p), inclusive: inclusive(p) };
}

export function summarise(p: Profile, limit = 15): HotFunction[] {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  // Weight by time deltas when present (what DevTools shows as self time), else by hit counts.
  if (p.samples && p.timeDeltas) {
    p.samples.forEach((id, i) => {
      const n = byId.get(id);
      const dt = p.timeDeltas?.[i] ?? 0;
      if (!n) return;
      const key = keyOf(n);
      self.set(key, (self.get(key) ?? 0) + dt);
      total += dt;
    });
  } else {
    for (const n of p.nodes) {
      const key = keyOf(n);
      self.set(key, (self.get(key) ?? 0) + (n.hitCount ?? 0));
      total += n.hitCount ?? 0;
    }
  }
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([k, v]) => {
      const [fn, where] = k.split("\u0000") as [string, string];
      return { fn, where, self_pct: Math.round((1000 * v) / Math.max(1, total)) / 10 };
    });
}

/** Inclusive time of project functions: each sample counts once for every distinct function on its stack. */
export function inclusive(p: Profile, limit = 15, filter = (where: string) => where.startsWith("src/")): HotFunction[] {
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const incl = new Map<string, number>();
  let total = 0;
  (p.samples ?? []).forEach((id, i) => {
    const dt = p.timeDeltas?.[i] ?? 1;
    total += dt;
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const n = byId.get(cur);
      if (!n) break;
      const key = keyOf(n);
      if (seen.has(key) || !filter(key.split("\u0000")[1] ?? "")) continue;
      seen.add(key);
      incl.set(key, (incl.get(key) ?? 0) + dt);
    }
  });
  return [...incl.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([k, v]) => {
      const [fn, where] = k.split("\u0000") as [string, string];
      return { fn, where, self_pct: Math.round((1000 * v) / Math.max(1, total)) / 10 };
    });
}

function keyOf(n: ProfileNode): string {
  const url = n.callFrame.url.replace(/^file:\/\//, "").replace(process.cwd() + "/", "");
  // tsx-compiled sources report line 1 for most functions; show a line only when it says something.
  const where = url ? (n.callFrame.lineNumber > 0 ? `${url}:${n.callFrame.lineNumber + 1}` : url) : "(native)";
  return `${n.callFrame.functionName || "(anonymous)"}\u0000${where}`;
}
