// Human approvals over real HTTP: the core flow (hold → show → approve executes once / deny / expire),
// who may approve, reasoning, ask-to-explain, cancel, tenant scope and the signed token.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signToken } from "../src/approvals/index.js";
import { expireDue } from "../src/gateway/pipeline/approvals.js";
import { runApproved } from "../src/gateway/approvals/index.js";
import { newSession, type Harness } from "./gateway-harness.js";
import { approvalEvents, approvalsHarness, auditOf, clock, people, receiver, svcOf } from "./approvals-helpers.js";

const REASON = "invoice #4471 from Northwind is due today";

describe("approvals: core flow", () => {
  let h: Harness;
  let key: string;
  let opsKey: string;
  let p: Awaited<ReturnType<typeof people>>;
  let hook: Awaited<ReturnType<typeof receiver>>;
  const c = clock();

  beforeAll(async () => {
    hook = await receiver();
    h = await approvalsHarness(hook.url, c);
    key = await h.agentKey();
    opsKey = await h.agentKey("ops-agent");
    p = await people(h);
  });
  afterAll(async () => {
    await h.close();
    await hook.close();
  });

  const call = (sid: string, body: unknown, k = key) => h.req("POST", `/v1/sessions/${sid}/calls`, { key: k, body });
  const act = (id: string, action: string, token: string, body?: unknown) => h.req("POST", `/admin/approvals/${id}/${action}`, { key: token, ...(body !== undefined ? { body } : {}) });
  const wait = (id: string, k = key) => h.req("GET", `/v1/approvals/${id}/wait?timeout=1s`, { key: k });
  const balance = (acct: string) => (h.gw.demo?.state.accounts.get(acct)?.balance_cents ?? NaN) / 100;
  const hold = async (amount = 2400, from = "3847") => {
    const sid = await newSession(h, key, "transfer", `pay ${amount} to 9921 from ${from}`);
    const r = await call(sid, { tool: "transfer_funds", args: { from, to: "9921", amount }, reasoning: REASON });
    expect(r.status).toBe(202);
    return { sid, id: r.body["approval_id"] as string, res: r };
  };

  it("refuses a call that needs approval without reasoning (422, recorded not_run)", async () => {
    const sid = await newSession(h, key, "transfer", "pay 2400 to 9921 from 3847");
    const r = await call(sid, { tool: "transfer_funds", args: { from: "3847", to: "9921", amount: 2400 } });
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ error: { code: "APPROVAL_REASONING_REQUIRED" }, verdict: "approve" });
    const blank = await call(sid, { tool: "transfer_funds", args: { from: "3847", to: "9921", amount: 2400 }, reasoning: "   " });
    expect(blank.status).toBe(422);
    const recs = await auditOf(h, { kind: "outcome", session_id: sid });
    expect(recs.length).toBe(2);
    for (const rec of recs) expect(rec).toMatchObject({ status: "not_run" });
  });

  it("shows the full context to an approver: args, highlights, reasoning, rule, risk, provenance, session", async () => {
    const { id, sid } = await hold();
    const s = await h.req("GET", `/admin/approvals/${id}`, { key: p.alice });
    expect(s.status).toBe(200);
    expect(s.body).toMatchObject({
      id,
      status: "pending",
      agent: "finance-agent",
      principal: "sarah",
      session_id: sid,
      tool: { name: "transfer_funds", tier: "write_broad" },
      args: { from: "3847", to: "9921", amount: 2400 },
      reasoning: REASON,
      risk: "high",
      rules: [{ rule_id: "large-transfer", effect: "approve" }, { rule_id: "warden.tier_floor" }],
      approvals: { required: 1, groups: ["finance"], votes: [] },
      session: { task: "transfer", status: "active" },
    });
    expect(s.body["highlights"]).toEqual(expect.arrayContaining([{ pointer: "/amount", kind: "amount", display: "2400" }, { pointer: "/to", kind: "recipient", display: "9921" }, { pointer: "/from", kind: "account", display: "3847" }]));
    expect(String(s.body["summary"])).toContain("because: invoice #4471");
    const prov = s.body["provenance"] as { pointer: string; source: string; detail: string }[];
    expect(prov.find((x) => x.pointer === "/to")).toMatchObject({ source: "request" });
    const list = await h.req("GET", "/admin/approvals", { key: p.auditor });
    expect((list.body["approvals"] as { id: string }[]).map((x) => x.id)).toContain(id);
    // The token never leaves the gateway.
    expect(s.text).not.toContain("wat1.");
    await act(id, "deny", p.alice, { reason: "cleanup" });
  });

  it("approve → the frozen call runs exactly once; the agent gets the result through wait", async () => {
    const before = balance("3847");
    const { id } = await hold();
    const w0 = await wait(id);
    expect(w0.body).toMatchObject({ status: "pending" });
    const a = await act(id, "approve", p.alice, { comment: "invoice checked" });
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({ status: "approved", execution: { status: "executed", http_status: 200 } });
    const w = await wait(id);
    expect(w.body).toMatchObject({ status: "executed", result: { from: "3847", to: "9921" } });
    expect(balance("3847")).toBe(before - 2400);
    // A second approve is refused; the call does not run again.
    const again = await act(id, "approve", p.bob);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: { code: "APPROVAL_NOT_PENDING" } });
    // Replaying the consumed token is refused too.
    const replay = await runApproved(svcOf(h), id);
    expect(replay).toMatchObject({ status: "refused", code: "APPROVAL_TOKEN_REPLAYED" });
    expect(balance("3847")).toBe(before - 2400);
    expect((await wait(id)).body).toMatchObject({ status: "executed" });
    const events = (await approvalEvents(h, id)).map((r) => r.action);
    expect(events).toEqual(expect.arrayContaining(["approval.requested", "approval.approved", "approval.token_used", "approval.token_refused"]));
    const approved = (await approvalEvents(h, id)).find((r) => r.action === "approval.approved");
    expect(approved?.approval).toMatchObject({ status: "approved", approver: "alice" });
    expect(typeof approved?.approval?.latency_ms).toBe("number");
  });

  it("deny → never runs; the agent gets the reason", async () => {
    const before = balance("5521");
    const { id } = await hold(1500, "5521");
    const d = await act(id, "deny", p.bob, { reason: "Northwind was paid yesterday" });
    expect(d.body).toMatchObject({ status: "denied" });
    const w = await wait(id);
    expect(w.body).toMatchObject({ status: "denied", reason: "Northwind was paid yesterday" });
    expect(balance("5521")).toBe(before);
    expect((await act(id, "approve", p.alice)).status).toBe(409);
    expect(balance("5521")).toBe(before);
    const missing = await act((await hold(1500, "5521")).id, "deny", p.bob, {});
    expect(missing.status).toBe(422);
  });

  it("timeout → expired (denied) with a controllable clock; a late approve cannot revive it", async () => {
    const before = balance("5521");
    const { id, res } = await hold(1200, "5521");
    c.advance(Date.parse(String(res.body["deadline"])) - c.now() + 1);
    expect(await expireDue(h.gw.runtime)).toContain(id);
    const w = await wait(id);
    expect(w.body).toMatchObject({ status: "expired" });
    const late = await act(id, "approve", p.alice);
    expect(late.status).toBe(409);
    expect(balance("5521")).toBe(before);
    expect((await approvalEvents(h, id)).map((r) => r.action)).toContain("approval.expired");
  });

  it("the principal cannot approve their own request; people outside the group or role cannot either", async () => {
    const { id } = await hold(1100, "5521");
    const self = await act(id, "approve", p.sarah);
    expect(self.status).toBe(403);
    expect(self.body).toMatchObject({ error: { code: "APPROVAL_SELF" } });
    const outsider = await act(id, "approve", p.eve);
    expect(outsider.body).toMatchObject({ error: { code: "APPROVAL_NOT_IN_GROUP" } });
    const auditor = await act(id, "approve", p.auditor);
    expect(auditor.status).toBe(403);
    const operator = await act(id, "approve", p.op);
    expect(operator.status).toBe(403);
    expect((await wait(id)).body).toMatchObject({ status: "pending" });
    await act(id, "cancel", p.op, { reason: "cleanup" });
  });

  it("two-person rule: the same person cannot fill both slots; two distinct approvers run it", async () => {
    const sid = await newSession(h, opsKey, "maintenance", "delete old transactions tx_1001");
    const r = await call(sid, { tool: "delete_records", args: { table: "transactions", ids: ["tx_1001"] }, reasoning: "retention policy: tx_1001 is past 7 years" }, opsKey);
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({ approval: { approvers: 2 } });
    const id = r.body["approval_id"] as string;
    const first = await act(id, "approve", p.alice);
    expect(first.body).toMatchObject({ status: "pending", votes: 1, required: 2 });
    const twice = await act(id, "approve", p.alice);
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ error: { code: "APPROVAL_ALREADY_VOTED" } });
    expect(h.gw.demo?.state.tables.get("transactions")?.get("tx_1001")?.deleted).toBe(false);
    const second = await act(id, "approve", p.bob);
    expect(second.body).toMatchObject({ status: "approved", execution: { status: "executed", http_status: 200 } });
    expect(h.gw.demo?.state.tables.get("transactions")?.get("tx_1001")?.deleted).toBe(true);
    const w = await wait(id, opsKey);
    expect(w.body).toMatchObject({ status: "executed", result: { deleted: 1 } });
  });

  it("ask to explain: the agent gets a structured message and resubmits with in_reply_to", async () => {
    const { id, sid } = await hold(1300, "5521");
    const e = await act(id, "explain", p.alice, { question: "Which invoice, and why today?" });
    expect(e.status).toBe(200);
    const w = await wait(id);
    expect(w.body).toMatchObject({ status: "denied", explain: { question: "Which invoice, and why today?", resubmit: { in_reply_to: id } } });
    const again = await call(sid, { tool: "transfer_funds", args: { from: "5521", to: "9921", amount: 1300 }, reasoning: "invoice #4471, due today per the contract", in_reply_to: id });
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ in_reply_to: id });
    const s = await h.req("GET", `/admin/approvals/${again.body["approval_id"] as string}`, { key: p.bob });
    expect(s.body).toMatchObject({ in_reply_to: id, previous: { id, question: "Which invoice, and why today?", reasoning: REASON } });
    const bogus = await call(sid, { tool: "transfer_funds", args: { from: "5521", to: "9921", amount: 1300 }, reasoning: "x", in_reply_to: "apr_nope" });
    expect(bogus.status).toBe(422);
    expect(bogus.body).toMatchObject({ error: { code: "APPROVAL_IN_REPLY_TO_INVALID" } });
    await act(again.body["approval_id"] as string, "deny", p.bob, { reason: "cleanup" });
  });

  it("cancel: operators only; the agent sees cancelled", async () => {
    const { id } = await hold(1400, "5521");
    expect((await act(id, "cancel", p.alice, {})).status).toBe(403);
    const x = await act(id, "cancel", p.op, { reason: "incident in progress" });
    expect(x.body).toMatchObject({ status: "cancelled" });
    expect((await wait(id)).body).toMatchObject({ status: "cancelled", reason: "incident in progress" });
  });

  it("tenant scope: another tenant's approver neither sees nor decides", async () => {
    const { id } = await hold(1400, "5521");
    expect((await h.req("GET", `/admin/approvals/${id}`, { key: p.otherTenant })).status).toBe(404);
    expect((await act(id, "approve", p.otherTenant)).status).toBe(404);
    const list = await h.req("GET", "/admin/approvals", { key: p.otherTenant });
    expect(list.body["approvals"]).toEqual([]);
    await act(id, "cancel", p.op, {});
  });

  it("tokens: forged for other args, expired, or from another session are refused; nothing runs", async () => {
    const before = balance("5521");
    const a = await hold(1050, "5521");
    const b = await hold(1060, "5521");
    expect((await act(a.id, "approve", p.alice)).body).toMatchObject({ execution: { status: "executed" } });
    expect((await act(b.id, "approve", p.alice)).body).toMatchObject({ execution: { status: "executed" } });
    expect(balance("5521")).toBe(before - 1050 - 1060);
    const svc = svcOf(h);
    const tokenA = ((await h.gw.runtime.store.approvals.get(a.id))?.value as { token: string }).token;
    // Another session's token (a's) presented for b.
    expect(await runApproved(svc, b.id, tokenA)).toMatchObject({ status: "refused", code: "APPROVAL_TOKEN_MISMATCH" });
    // Signed with the real key, but for different args than the frozen call.
    const forged = signToken(svc.tokenKey, { approvalId: b.id, call: { tool: "transfer_funds", args: { from: "5521", to: "66611337", amount: 1060 }, session: b.sid, agent: "finance-agent" }, now: c.now(), ttlMs: 60_000, approvers: ["alice"] }).token;
    expect(await runApproved(svc, b.id, forged)).toMatchObject({ status: "refused", code: "APPROVAL_TOKEN_MISMATCH" });
    // A token signed with another key.
    const alien = signToken(Buffer.alloc(32, 7), { approvalId: b.id, call: { tool: "transfer_funds", args: { from: "5521", to: "9921", amount: 1060 }, session: b.sid, agent: "finance-agent" }, now: c.now(), ttlMs: 60_000, approvers: ["alice"] }).token;
    expect(await runApproved(svc, b.id, alien)).toMatchObject({ status: "refused", code: "APPROVAL_TOKEN_INVALID" });
    // Expired: the clock moves past the token's lifetime (5m default).
    c.advance(6 * 60_000);
    expect(await runApproved(svc, a.id)).toMatchObject({ status: "refused", code: "APPROVAL_TOKEN_EXPIRED" });
    expect(balance("5521")).toBe(before - 1050 - 1060);
    // Refusals after the execution do not change what the agent saw.
    expect((await wait(b.id)).body).toMatchObject({ status: "executed" });
  });
});
