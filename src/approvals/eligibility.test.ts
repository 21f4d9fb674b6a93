import { describe, expect, it } from "vitest";
import { DEFAULT_APPROVALS, type ApprovalsConfig } from "./config.js";
import { mayDecide, vote } from "./eligibility.js";
import type { ApprovalRecord } from "./types.js";

const cfg: ApprovalsConfig = { ...DEFAULT_APPROVALS, groups: { finance: ["alice", "bob", "sarah"], treasury: ["carol"], oncall: ["dave"] }, escalation: { after: 0.5, group: "oncall" } };
const rec = (over: Partial<ApprovalRecord> = {}): ApprovalRecord =>
  ({ kind: "tool_call", session_id: "s", agent: "a", tenant: null, principal: "sarah", intent_seq: 1, correlation_id: "c", call_id: "k", created_at: 1000, call: { agent: "a", task: "t", principal: "sarah", tool: "transfer_funds", args: {} }, decision: { verdict: "approve", rule_ids: [], reasons: [], obligations: {}, risk: "critical", consumes: { tool_calls: 1, cost_usd: 0, meters: {} } }, required: 2, groups: ["finance", "treasury"], votes: [], batch_id: "b", in_reply_to: null, escalated_at: null, ...over }) as ApprovalRecord;
const who = (user: string, role: "approver" | "admin" | "operator" | "auditor" = "approver") => ({ user, role, tenant: null });

describe("who may approve", () => {
  it("needs the approver or admin role and membership of a named group", () => {
    expect(mayDecide(rec(), who("alice"), cfg).ok).toBe(true);
    expect(mayDecide(rec(), who("carol", "admin"), cfg).ok).toBe(true);
    expect(mayDecide(rec(), who("alice", "operator"), cfg)).toMatchObject({ code: "AUTH_FORBIDDEN" });
    expect(mayDecide(rec(), who("eve"), cfg)).toMatchObject({ code: "APPROVAL_NOT_IN_GROUP" });
    expect(mayDecide(rec(), who("eve", "admin"), cfg)).toMatchObject({ code: "APPROVAL_NOT_IN_GROUP" });
  });
  it("adds the escalation group only once escalated", () => {
    expect(mayDecide(rec(), who("dave"), cfg)).toMatchObject({ code: "APPROVAL_NOT_IN_GROUP" });
    expect(mayDecide(rec({ escalated_at: 2000 }), who("dave"), cfg).ok).toBe(true);
  });
  it("with no groups configured, the role is the only gate", () => {
    expect(mayDecide(rec(), who("eve"), { ...cfg, groups: null }).ok).toBe(true);
  });
});

describe("votes", () => {
  it("never the principal, never the same person twice; complete at the required count", () => {
    expect(vote(rec(), who("sarah"), cfg, 2000)).toMatchObject({ ok: false, code: "APPROVAL_SELF" });
    const one = vote(rec(), who("alice"), cfg, 2500);
    expect(one).toMatchObject({ ok: true, complete: false, record: { votes: [{ user: "alice", latency_ms: 1500 }] } });
    if (!one.ok) throw new Error();
    expect(vote(one.record, who("alice"), cfg, 2600)).toMatchObject({ ok: false, code: "APPROVAL_ALREADY_VOTED" });
    expect(vote(one.record, who("carol"), cfg, 2700)).toMatchObject({ ok: true, complete: true });
  });
  it("a request without a principal can be approved by anyone eligible", () => {
    expect(vote(rec({ principal: null, required: 1 }), who("sarah"), cfg, 2000)).toMatchObject({ ok: true, complete: true });
  });
});
