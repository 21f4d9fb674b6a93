// An embedded gateway for drills and benchmarks: the drill policy (one agent, one slow tool that honours
// aborts), SQLite in a data directory, listening on loopback.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../config/index.js";
import { listen, startGateway, type Gateway, type Listening } from "../../gateway/index.js";
import { createLogger } from "../../gateway/observability/index.js";
import type { DrillTarget } from "./run.js";

export const DRILL_POLICY = `version: 1
description: kill-switch drill — one agent, one slow tool
tools:
  drill_work: { tier: read_only, description: "sleeps, then answers; stops at once when aborted" }
tasks:
  drill: [drill_work]
roles:
  driller: { tools: [drill_work] }
agents:
  drill-agent: { tenant: drill, roles: [driller] }
breakers:
  rate_spike: false   # the drill's load is a burst by design
`;

export interface Embedded {
  gw: Gateway;
  listening: Listening;
  target: DrillTarget;
  close(): Promise<void>;
}

export async function startEmbedded(opts: { dataDir?: string; workMs?: number; policyExtra?: string } = {}): Promise<Embedded> {
  const dir = mkdtempSync(join(tmpdir(), "warden-drill-"));
  const policy = join(dir, "drill-policy.yaml");
  writeFileSync(policy, DRILL_POLICY + (opts.policyExtra ?? ""));
  const cfgFile = join(dir, "warden.yaml");
  writeFileSync(cfgFile, "demo: false\ntools:\n  drill_work: { builtin: drill.work, timeout: 30s }\n");
  const r = loadConfig(cfgFile, { WARDEN_DATA: opts.dataDir ?? join(dir, "data"), WARDEN_POLICY: policy, WARDEN_PORT: "0" });
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  const starts: number[] = [];
  const workMs = opts.workMs ?? 50;
  const work = (_args: unknown, ctx: { signal: AbortSignal }) => {
    starts.push(performance.now());
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => resolve({ done: true }), workMs);
      ctx.signal.addEventListener("abort", () => (clearTimeout(t), reject(ctx.signal.reason)), { once: true });
    });
  };
  const gw = await startGateway({ ...r.config, logLevel: "silent", durability: "group" }, { logger: createLogger("silent"), watchPolicy: false, sweepMs: 0, exec: { builtins: { "drill.work": work } as never } });
  const listening = await listen(gw, 0, "127.0.0.1");
  const op = await gw.runtime.identities.createPersonToken("kill-switch-drill", "operator");
  const key = await gw.runtime.identities.createAgentKey("drill-agent", "kill-switch drill");
  return {
    gw,
    listening,
    target: { url: listening.url, token: op.token, agentKey: key.token, agent: "drill-agent", task: "drill", tool: "drill_work", args: {}, execStarts: () => starts },
    close: async () => {
      await gw.runtime.identities.revoke(op.record.id).catch(() => undefined);
      await gw.runtime.identities.revoke(key.record.id).catch(() => undefined);
      await listening.close();
      await gw.close();
      // The scratch directory holds the drill's policy and config (and its data unless --data was given):
      // a drill must not leave a directory behind in /tmp on every run.
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
