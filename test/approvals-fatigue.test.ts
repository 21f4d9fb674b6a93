// Approval fatigue over real HTTP: batching, progressive autonomy (decay), escalation, signed webhook
// notifications with retries, and concurrent answers resolving to one outcome.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { verifyBodySignature } from "../src/approvals/index.js";
import { expireDue } from "../src/gateway/pipeline/approvals.js";
import { newSession, type Harness } from "./gateway-harness.js";
import { approvalEvents, approvalsHarness, auditOf, clock, people, receiver, SECRET, svcOf } from "./approvals-helpers.js";

describe("approvals: fatigue, notifications, races", () => {
  let h: Harness;
  let key: string;
  let p: Awaited<ReturnType<typeof people>>;
  let hook: Awaited<ReturnType<typeof receiver>>;
  let c: ReturnType<typeof clock>;

  beforeEach(async () => {
    c = clock();
    hook = await receiver();
    h = await approvalsHarness(hook.url, c);
    key = await h.agentKey();
    p = await people(h);
  });
  afterEach(async () => {
    await h.close();
    await hook.close();
  });

  const call = (sid: string, body: unknown) => h.req("POST", `/v1/sessions/${sid}/calls`, { key, body });
  const act = (path: string, token: string, body?: unknown) => h.req("POST", `/admin/approvals/${path}`, { key: token, ...(body !== undefined ? { body } : {}) });
  const email = (sid: string, to: string) => call(sid, { tool: "send_email", args: { to, subject: "Q1 report", body: "attached" }, reasoning: "the principal asked to distribute the Q1 report to the partners" });
  const outbox = () => h.gw.demo?.state.outbox.length ?? 0;
  const drain = () => svcOf(h).notifier.drain();

  it("batches five emails of one report: one notification, approve all runs each once", async () => {
    // Five pending requests in one session would trip the default pending-approvals breaker (> 3).
    await h.close();
    h = await approvalsHarness(hook.url, c, "", "breakers: { pending_approvals: { max: 10 } }");
    key = await h.agentKey();
    p = await people(h);
    const sid = await newSession(h, key, "report", "send the Q1 report to our five partners");
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await email(sid, `partner${i}@example.org`);
      expect(r.body).toMatchObject({ status: "pending" });
      ids.push(r.body["approval_id"] as string);
      c.advance(1000);
    }
    const list = await h.req("GET", "/admin/approvals", { key: p.alice });
    const batches = list.body["batches"] as { batch_id: string; count: number; ids: string[] }[];
    expect(batches).toHaveLength(1);
    expect(batches[0]).toMatchObject({ batch_id: ids[0], count: 5 });
    await drain();
    expect(hook.got.filter((g) => g.body.warden.kind === "requested")).toHaveLength(1);
    const show = await h.req("GET", `/admin/approvals/${ids[2] as string}`, { key: p.alice });
    expect(show.body).toMatchObject({ batch: { id: ids[0] } });
    expect(String(show.body["summary"])).toContain("batch of 5");
    const before = outbox();
    const all = await act(`batches/${ids[0] as string}/approve`, p.alice, { comment: "partners list checked" });
    expect(all.status).toBe(200);
    const results = all.body["results"] as { ok: boolean; execution?: { status: string } }[];
    expect(results).toHaveLength(5);
    for (const r of results) expect(r).toMatchObject({ ok: true, execution: { status: "executed" } });
    expect(outbox() - before).toBe(5);
    for (const id of ids) expect((await h.req("GET", `/v1/approvals/${id}/wait?timeout=1s`, { key })).body).toMatchObject({ status: "executed" });
  });

  it("deny all: no email of the batch is sent and each agent wait gets the reason", async () => {
    const sid = await newSession(h, key, "report", "send the report");
    const a = await email(sid, "x@example.org");
    const b = await email(sid, "y@example.org");
    expect(b.body["batch_id"]).toBe(a.body["approval_id"]);
    const before = outbox();
    const r = await act(`batches/${a.body["batch_id"] as string}/deny`, p.bob, { reason: "external distribution is not approved this quarter" });
    expect((r.body["results"] as { ok: boolean }[]).every((x) => x.ok)).toBe(true);
    expect(outbox()).toBe(before);
    for (const x of [a, b]) expect((await h.req("GET", `/v1/approvals/${x.body["approval_id"] as string}/wait?timeout=1s`, { key })).body).toMatchObject({ status: "denied", reason: "external distribution is not approved this quarter" });
  });

  it("a request outside the batching window starts a new batch", async () => {
    const sid = await newSession(h, key, "report", "send the report");
    const a = await email(sid, "x@example.org");
    c.advance(61_000);
    const b = await email(sid, "y@example.org");
    expect(b.body["batch_id"]).toBe(b.body["approval_id"]);
    expect(b.body["batch_id"]).not.toBe(a.body["batch_id"]);
  });

  it("decay: after 2 clean approvals a medium-risk email runs with a notification; an incident or a denial resets it", async () => {
    const sid = await newSession(h, key, "report", "send the report to partners");
    for (const to of ["a@example.org", "b@example.org"]) {
      const r = await email(sid, to);
      expect(r.status).toBe(202);
      expect((await act(`${r.body["approval_id"] as string}/approve`, p.alice)).body).toMatchObject({ execution: { status: "executed" } });
      c.advance(120_000); // separate batches
    }
    const before = outbox();
    const auto = await email(sid, "c@example.org");
    expect(auto.status).toBe(200);
    expect(auto.body).toMatchObject({ verdict: "approve", approval: { mode: "notification" } });
    expect(outbox() - before).toBe(1);
    await drain();
    const note = hook.got.find((g) => g.body.warden.kind === "decayed");
    expect(note?.body.warden.context).toMatchObject({ tool: "send_email", args: { to: "c@example.org" } });
    const actions = (await auditOf(h, { kind: "approval" })).map((r) => r.action);
    expect(actions).toContain("approval.decay_promoted");
    expect(actions).toContain("approval.decayed");
    // An incident report resets the class: the next email is held again.
    const reset = await act("decay/reset", p.op, { agent: "finance-agent", tool: "send_email", reason: "a partner complained" });
    expect(reset.body).toMatchObject({ reset: [{ was: 2 }] });
    const held = await email(sid, "d@example.org");
    expect(held.status).toBe(202);
    expect((await auditOf(h, { kind: "approval" })).map((r) => r.action)).toContain("approval.decay_reset");
    // One clean approval, then a human denial: the class starts over, so the next one is held again.
    await act(`${held.body["approval_id"] as string}/approve`, p.alice);
    c.advance(120_000);
    const e2 = await email(sid, "e@example.org");
    expect((await act(`${e2.body["approval_id"] as string}/deny`, p.bob, { reason: "wrong partner" })).body).toMatchObject({ status: "denied" });
    c.advance(120_000);
    const e3 = await email(sid, "f@example.org");
    expect(e3.status).toBe(202);
    await act(`${e3.body["approval_id"] as string}/approve`, p.alice);
    c.advance(120_000);
    const e4 = await email(sid, "h@example.org");
    expect(e4.status).toBe(202); // one clean approval since the denial: not yet
    await act(`${e4.body["approval_id"] as string}/approve`, p.alice);
    c.advance(120_000);
    expect((await email(sid, "i@example.org")).status).toBe(200);
    c.advance(120_000);
    const sid2 = await newSession(h, key, "report", "send the report to partners");
    const other = await call(sid2, { tool: "send_email", args: { to: "g@example.org", subject: "s", body: "b" }, reasoning: "r" });
    expect(other.status).toBe(200); // same class: tool + rule + agent, any session
    expect(other.body).toMatchObject({ approval: { mode: "notification" } });
  });

  it("decay never applies to high risk: the 4th large transfer still waits for a human", async () => {
    for (let i = 0; i < 4; i++) {
      const sid = await newSession(h, key, "transfer", "pay 1500 to 9921 from 5521");
      const r = await call(sid, { tool: "transfer_funds", args: { from: "5521", to: "9921", amount: 1500 }, reasoning: `instalment ${i + 1} of the Northwind contract` });
      expect(r.status).toBe(202);
      if (i < 3) expect((await act(`${r.body["approval_id"] as string}/approve`, p.alice)).body).toMatchObject({ execution: { status: "executed" } });
    }
    expect((await auditOf(h, { kind: "approval" })).map((r) => r.action)).not.toContain("approval.decay_promoted");
  });

  it("escalation: past half the deadline the escalation group is notified (signed), once, and may then decide", async () => {
    const sid = await newSession(h, key, "transfer", "pay 2400 to 9921 from 3847");
    const r = await call(sid, { tool: "transfer_funds", args: { from: "3847", to: "9921", amount: 2400 }, reasoning: "invoice #4471 is due today" });
    const id = r.body["approval_id"] as string;
    // Before escalation the on-call person is not in the rule's group.
    expect((await act(`${id}/approve`, p.dave)).body).toMatchObject({ error: { code: "APPROVAL_NOT_IN_GROUP" } });
    c.advance(4 * 60_000);
    await expireDue(h.gw.runtime);
    await drain();
    expect(hook.got.filter((g) => g.body.warden.kind === "escalated")).toHaveLength(0);
    c.advance(4 * 60_000); // 8 of 15 minutes
    await expireDue(h.gw.runtime);
    await expireDue(h.gw.runtime);
    await drain();
    const esc = hook.got.filter((g) => g.body.warden.kind === "escalated");
    expect(esc).toHaveLength(1);
    const e = esc[0];
    expect(e?.body.warden).toMatchObject({ group: "oncall", approval_id: id, context: { tool: "transfer_funds", args: { amount: 2400 } } });
    expect(e?.body.text).toContain("ESCALATED");
    expect(e?.body).toHaveProperty("blocks");
    expect(verifyBodySignature(SECRET, e?.raw ?? "", String(e?.headers["x-warden-signature"]))).toBe(true);
    expect(verifyBodySignature(SECRET, (e?.raw ?? "").replace("2400", "9400"), String(e?.headers["x-warden-signature"]))).toBe(false);
    expect((await approvalEvents(h, id)).map((x) => x.action)).toContain("approval.escalated");
    expect((await act(`${id}/approve`, p.dave)).body).toMatchObject({ status: "approved", execution: { status: "executed" } });
  });

  it("a failing webhook is retried, then recorded as failed; it never approves anything", async () => {
    await h.close();
    await hook.close();
    hook = await receiver({ alwaysFail: true });
    h = await approvalsHarness(hook.url, c);
    key = await h.agentKey();
    p = await people(h);
    const sid = await newSession(h, key, "transfer", "pay 2400 to 9921 from 3847");
    const r = await call(sid, { tool: "transfer_funds", args: { from: "3847", to: "9921", amount: 2400 }, reasoning: "invoice" });
    const id = r.body["approval_id"] as string;
    await drain();
    expect(hook.hits).toBe(3); // 1 + 2 retries
    const failed = (await approvalEvents(h, id)).find((x) => x.action === "approval.notify_failed");
    expect(failed?.details).toMatchObject({ group: "finance", attempts: 3 });
    expect((await h.req("GET", `/v1/approvals/${id}/wait?timeout=1s`, { key })).body).toMatchObject({ status: "pending" });
  });

  it("a webhook that fails once is delivered on retry", async () => {
    await h.close();
    await hook.close();
    hook = await receiver({ failFirst: 1 });
    h = await approvalsHarness(hook.url, c);
    key = await h.agentKey();
    const sid = await newSession(h, key, "transfer", "pay 2400 to 9921 from 3847");
    const r = await call(sid, { tool: "transfer_funds", args: { from: "3847", to: "9921", amount: 2400 }, reasoning: "invoice" });
    await drain();
    expect(hook.got).toHaveLength(1);
    expect(hook.got[0]?.body.warden).toMatchObject({ kind: "requested", approval_id: r.body["approval_id"], links: { show: expect.stringContaining(`/admin/approvals/${r.body["approval_id"] as string}`) } });
    expect((await approvalEvents(h, r.body["approval_id"] as string)).find((x) => x.action === "approval.notified")?.details).toMatchObject({ attempts: 2 });
  });

  it("concurrent approve and deny on the same request resolve to exactly one outcome", async () => {
    for (let round = 0; round < 6; round++) {
      const sid = await newSession(h, key, "transfer", "pay 1100 to 9921 from 5521");
      const before = h.gw.demo?.state.accounts.get("5521")?.balance_cents ?? 0;
      const r = await call(sid, { tool: "transfer_funds", args: { from: "5521", to: "9921", amount: 1100 }, reasoning: "race" });
      const id = r.body["approval_id"] as string;
      const [a, d] = await Promise.all([act(`${id}/approve`, p.alice), act(`${id}/deny`, p.bob, { reason: "no" })]);
      const oks = [a, d].filter((x) => x.status === 200);
      expect(oks).toHaveLength(1);
      expect([a, d].find((x) => x.status !== 200)?.body).toMatchObject({ error: { code: "APPROVAL_NOT_PENDING" } });
      const w = await h.req("GET", `/v1/approvals/${id}/wait?timeout=1s`, { key });
      const after = h.gw.demo?.state.accounts.get("5521")?.balance_cents ?? 0;
      if (a.status === 200) {
        expect(w.body).toMatchObject({ status: "executed" });
        expect(before - after).toBe(110_000);
      } else {
        expect(w.body).toMatchObject({ status: "denied" });
        expect(after).toBe(before);
      }
    }
  });
});
