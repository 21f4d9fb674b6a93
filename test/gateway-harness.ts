// Start a real gateway on a loopback port with a temporary data directory, as `warden serve` would.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig, type GatewayConfig } from "../src/config/index.js";
import { createLogger } from "../src/gateway/observability/index.js";
import { listen, startGateway, type Gateway } from "../src/gateway/index.js";
import type { PersonRole } from "../src/identity/index.js";

export interface Harness {
  url: string;
  dir: string;
  gw: Gateway;
  logs: string[];
  agentKey: (agent?: string) => Promise<string>;
  token: (role: PersonRole, user?: string, tenant?: string | null) => Promise<string>;
  req: (method: string, path: string, opts?: { key?: string; body?: unknown; raw?: string; headers?: Record<string, string> }) => Promise<{ status: number; body: Record<string, unknown>; headers: Headers; text: string }>;
  close: () => Promise<void>;
}

export async function startHarness(opts: { yaml?: string; policy?: string; env?: Record<string, string>; now?: () => number; start?: Parameters<typeof startGateway>[1] } = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), "warden-gw-"));
  let cfgFile: string | null = null;
  if (opts.yaml !== undefined) {
    cfgFile = join(dir, "warden.yaml");
    writeFileSync(cfgFile, opts.yaml);
  }
  const env: Record<string, string> = { ...(opts.env ?? {}), WARDEN_DATA: join(dir, "data"), WARDEN_PORT: "0" };
  if (opts.policy) {
    const p = join(dir, "policy.yaml");
    writeFileSync(p, opts.policy);
    env["WARDEN_POLICY"] = p;
  }
  const r = loadConfig(cfgFile, env);
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  const config: GatewayConfig = { ...r.config, logLevel: "debug" };
  const logs: string[] = [];
  const logger = createLogger("debug", { write: (s: string) => void logs.push(s) });
  const gw = await startGateway(config, { logger, watchPolicy: true, sweepMs: 0, ...(opts.now ? { now: opts.now } : {}), ...(opts.start ?? {}) });
  const l = await listen(gw, 0, "127.0.0.1");
  const req: Harness["req"] = async (method, path, o = {}) => {
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    if (o.key) headers["authorization"] = `Bearer ${o.key}`;
    let body: string | undefined;
    if (o.raw !== undefined) body = o.raw;
    else if (o.body !== undefined) {
      body = JSON.stringify(o.body);
      headers["content-type"] ??= "application/json";
    }
    const res = await fetch(l.url + path, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    let parsed: Record<string, unknown> = {};
    try {
      parsed = JSON.parse(text) as Record<string, unknown>;
    } catch {
      /* not JSON: metrics, for example */
    }
    return { status: res.status, body: parsed, headers: res.headers, text };
  };
  return {
    url: l.url,
    dir,
    gw,
    logs,
    agentKey: async (agent = "finance-agent") => (await gw.runtime.identities.createAgentKey(agent)).token,
    token: async (role, user = `${role}-user`, tenant = null) => (await gw.runtime.identities.createPersonToken(user, role, tenant)).token,
    req,
    close: async () => {
      await l.close();
      await gw.close();
    },
  };
}

/** Start a session for an agent key and return its id. */
export async function newSession(h: Harness, key: string, task: string, request?: string): Promise<string> {
  const r = await h.req("POST", "/v1/sessions", { key, body: { task, principal: "sarah", ...(request ? { request } : {}) } });
  if (r.status !== 201) throw new Error(`session not created: ${r.status} ${r.text}`);
  return r.body["id"] as string;
}
