// Shared pieces of the control tests: a policy with slow, failing and sized builtin tools, and a harness
// whose builtins record when executions start and end (so tests can assert "nothing started after").
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { startHarness, type Harness } from "./gateway-harness.js";

export interface Probe {
  starts: number[];
  ends: { at: number; aborted: boolean }[];
  running: number;
  /** Resolve the current `hold` calls (graceful tests). */
  release: () => void;
}

export function probe(): Probe {
  const p: Probe = { starts: [], ends: [], running: 0, release: () => undefined };
  return p;
}

export function controlPolicy(extra = ""): string {
  return `version: 1
tools:
  slow:  { tier: read_only }
  hold:  { tier: read_only }
  fast:  { tier: read_only }
  fail:  { tier: read_only }
  blob:  { tier: read_only }
  pay:   { tier: write_limited, args: { type: object, required: [amount], properties: { amount: { type: number } } } }
  spend: { tier: write_limited, cost_usd: 4 }
  ask:   { tier: read_only }
  other: { tier: read_only }
tasks:
  work: ["*"]
  other: ["*"]
roles:
  r: { tools: ["*"] }
agents:
  a1: { tenant: t1, roles: [r] }
  a2: { tenant: t1, roles: [r] }
  b1: { tenant: t2, roles: [r] }
meters:
  moved_usd: { tools: [pay], value: args.amount }
rules:
  - id: ask-human
    when: tool == "ask"
    then: approve
${extra}`;
}

const TOOLS = ["slow", "hold", "fast", "fail", "blob", "pay", "spend", "ask", "other"];

export function controlYaml(extra = ""): string {
  return `demo: false
tools:
${TOOLS.map((t) => `  ${t}: { builtin: test.${t}, timeout: 20s }`).join("\n")}
${extra}`;
}

export async function controlHarness(p: Probe, opts: { policy?: string; yaml?: string; now?: () => number; env?: Record<string, string> } = {}): Promise<Harness> {
  return startHarness({ policy: opts.policy ?? controlPolicy(), yaml: opts.yaml ?? controlYaml(), ...(opts.now ? { now: opts.now } : {}), ...(opts.env ? { env: opts.env } : {}), start: { exec: { builtins: testBuiltins(p) as never } } });
}

/** The builtins behind the control policy's tools; slow, hold and pay report to the probe. */
export function testBuiltins(p: Probe) {
  const waiting: (() => void)[] = [];
  p.release = () => waiting.splice(0).forEach((f) => f());
  const track = async <T>(signal: AbortSignal, body: (done: Promise<void>) => Promise<T>): Promise<T> => {
    p.starts.push(performance.now());
    p.running++;
    let aborted = false;
    try {
      const stop = new Promise<void>((_, reject) => {
        if (signal.aborted) reject(signal.reason);
        signal.addEventListener("abort", () => reject(signal.reason), { once: true });
      });
      stop.catch(() => (aborted = true));
      return await body(stop);
    } finally {
      p.running--;
      p.ends.push({ at: performance.now(), aborted });
    }
  };
  const sleep = (ms: number, stop: Promise<void>) => Promise.race([new Promise<void>((r) => setTimeout(r, ms)), stop]);
  const builtins = {
    "test.slow": (_a: unknown, ctx: { signal: AbortSignal }) => track(ctx.signal, async (stop) => (await sleep(150, stop), { ok: true })),
    "test.hold": (_a: unknown, ctx: { signal: AbortSignal }) => track(ctx.signal, async (stop) => (await Promise.race([new Promise<void>((r) => waiting.push(r)), stop]), { held: true })),
    "test.fast": () => ({ ok: true }),
    "test.other": () => ({ ok: true }),
    "test.ask": () => ({ ok: true }),
    "test.pay": (a: unknown, ctx: { signal: AbortSignal }) => track(ctx.signal, async (stop) => (await sleep(20, stop), { paid: (a as { amount: number }).amount })),
    "test.spend": () => ({ spent: true }),
    "test.fail": () => {
      throw Object.assign(new Error("upstream says no"), { code: "EXEC_TOOL_FAILED" });
    },
    "test.blob": (a: unknown) => ({ data: "x".repeat((a as { n?: number }).n ?? 10) }),
  };
  return builtins;
}

/** A local webhook receiver for alerts. */
export async function webhook(): Promise<{ url: string; alerts: Record<string, unknown>[]; close: () => void; server: Server }> {
  const alerts: Record<string, unknown>[] = [];
  const server = createServer((req, res) => {
    let b = "";
    req.on("data", (c) => (b += c));
    req.on("end", () => {
      alerts.push(JSON.parse(b) as Record<string, unknown>);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/alerts`, alerts, close: () => server.close(), server };
}

export const code = (r: { body: Record<string, unknown> }) => (r.body["error"] as { code?: string } | undefined)?.code;
