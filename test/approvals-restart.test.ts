// A gateway restart keeps pending approvals and their deadlines (SQLite), and the token key, so a request
// held before the restart can be approved and run after it, or expires at its original deadline.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config/index.js";
import { listen, startGateway, type Gateway } from "../src/gateway/index.js";
import { createLogger } from "../src/gateway/observability/index.js";
import { expireDue } from "../src/gateway/pipeline/approvals.js";
import { approvalsYaml, clock } from "./approvals-helpers.js";

describe("approvals: restart", () => {
  const dir = mkdtempSync(join(tmpdir(), "warden-apr-restart-"));
  const cfgFile = join(dir, "warden.yaml");
  writeFileSync(cfgFile, approvalsYaml("http://127.0.0.1:9/none"));
  const c = clock();
  let open: { gw: Gateway; url: string; close: () => Promise<void> } | null = null;

  async function boot() {
    const r = loadConfig(cfgFile, { WARDEN_DATA: join(dir, "data"), WARDEN_PORT: "0" });
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    const gw = await startGateway(r.config, { logger: createLogger("silent"), watchPolicy: false, sweepMs: 0, now: c.now });
    const l = await listen(gw, 0, "127.0.0.1");
    open = { gw, url: l.url, close: async () => { await l.close(); await gw.close(); open = null; } };
    return open;
  }
  const req = async (url: string, method: string, path: string, key: string, body?: unknown) => {
    const res = await fetch(url + path, { method, headers: { authorization: `Bearer ${key}`, ...(body ? { "content-type": "application/json" } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  afterAll(async () => {
    await open?.close();
  });

  it("keeps pending approvals with their deadlines; one is approved and runs after the restart, the other expires on time", async () => {
    let g = await boot();
    const key = (await g.gw.runtime.identities.createAgentKey("finance-agent")).token;
    const alice = (await g.gw.runtime.identities.createPersonToken("alice", "approver")).token;
    const sessions: string[] = [];
    const held: { id: string; deadline: string }[] = [];
    for (const amount of [2400, 1500]) {
      const s = await req(g.url, "POST", "/v1/sessions", key, { task: "transfer", principal: "sarah", request: `pay ${amount} to 9921 from 5521` });
      sessions.push(s.body["id"] as string);
      const r = await req(g.url, "POST", `/v1/sessions/${s.body["id"] as string}/calls`, key, { tool: "transfer_funds", args: { from: "5521", to: "9921", amount }, reasoning: "contract instalment" });
      expect(r.status).toBe(202);
      held.push({ id: r.body["approval_id"] as string, deadline: r.body["deadline"] as string });
    }
    await g.close();

    g = await boot();
    const list = await req(g.url, "GET", "/admin/approvals", alice);
    const items = list.body["approvals"] as { id: string; deadline: string; status: string }[];
    for (const h of held) expect(items.find((x) => x.id === h.id)).toMatchObject({ status: "pending", deadline: h.deadline });
    // The demo bank is in memory and starts fresh, but the approval and its frozen call survived.
    const before = g.gw.demo?.state.accounts.get("5521")?.balance_cents ?? 0;
    const a = await req(g.url, "POST", `/admin/approvals/${held[0]?.id as string}/approve`, alice, {});
    expect(a.body).toMatchObject({ status: "approved", execution: { status: "executed", http_status: 200 } });
    expect(before - (g.gw.demo?.state.accounts.get("5521")?.balance_cents ?? 0)).toBe(240_000);
    // The second one: just before its original deadline it is still pending; at the deadline it expires.
    c.advance(Date.parse(held[1]?.deadline as string) - c.now() - 1);
    expect(await expireDue(g.gw.runtime)).toEqual([]);
    await g.close();
    g = await boot();
    c.advance(1);
    expect(await expireDue(g.gw.runtime)).toEqual([held[1]?.id]);
    const w = await req(g.url, "GET", `/v1/approvals/${held[1]?.id as string}/wait?timeout=1s`, key);
    expect(w.body).toMatchObject({ status: "expired" });
    const w0 = await req(g.url, "GET", `/v1/approvals/${held[0]?.id as string}/wait?timeout=1s`, key);
    expect(w0.body).toMatchObject({ status: "executed" });
  });
});
