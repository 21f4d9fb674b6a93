import { describe, expect, it } from "vitest";
import { callHash, signToken, verifyToken, type BoundCall } from "./token.js";

const key = Buffer.alloc(32, 1);
const call: BoundCall = { tool: "transfer_funds", args: { from: "3847", to: "9921", amount: 2400 }, session: "ses_1", agent: "finance-agent" };
const issue = (c = call, now = 1000, ttlMs = 60_000) => signToken(key, { approvalId: "apr_1", call: c, now, ttlMs, approvers: ["alice"] }).token;

describe("approval tokens", () => {
  it("verify for the exact call they were issued for", () => {
    expect(verifyToken(key, issue(), { approvalId: "apr_1", call }, 2000)).toMatchObject({ ok: true, payload: { aid: "apr_1", sid: "ses_1", by: ["alice"] } });
  });
  it("bind the canonical call: key order does not matter, values do", () => {
    expect(callHash({ ...call, args: { amount: 2400, to: "9921", from: "3847" } })).toBe(callHash(call));
    expect(callHash({ ...call, args: { from: "3847", to: "9921", amount: 2401 } })).not.toBe(callHash(call));
  });
  it("refuse altered args, another tool, session, agent or approval", () => {
    const t = issue();
    expect(verifyToken(key, t, { approvalId: "apr_1", call: { ...call, args: { from: "3847", to: "66611337", amount: 2400 } } }, 2000)).toMatchObject({ ok: false, code: "APPROVAL_TOKEN_MISMATCH" });
    expect(verifyToken(key, t, { approvalId: "apr_1", call: { ...call, tool: "delete_records" } }, 2000)).toMatchObject({ ok: false, code: "APPROVAL_TOKEN_MISMATCH" });
    expect(verifyToken(key, t, { approvalId: "apr_1", call: { ...call, session: "ses_2" } }, 2000)).toMatchObject({ ok: false, code: "APPROVAL_TOKEN_MISMATCH" });
    expect(verifyToken(key, t, { approvalId: "apr_1", call: { ...call, agent: "ops-agent" } }, 2000)).toMatchObject({ ok: false, code: "APPROVAL_TOKEN_MISMATCH" });
    expect(verifyToken(key, t, { approvalId: "apr_2", call }, 2000)).toMatchObject({ ok: false, code: "APPROVAL_TOKEN_MISMATCH" });
  });
  it("refuse an expired token (at the expiry instant too)", () => {
    const t = issue(call, 1000, 500);
    expect(verifyToken(key, t, { approvalId: "apr_1", call }, 1499).ok).toBe(true);
    expect(verifyToken(key, t, { approvalId: "apr_1", call }, 1500)).toMatchObject({ ok: false, code: "APPROVAL_TOKEN_EXPIRED" });
  });
  it("refuse a token with a tampered payload, a wrong key or garbage", () => {
    const [p, body, sig] = issue().split(".") as [string, string, string];
    const payload = JSON.parse(Buffer.from(body, "base64url").toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...payload, exp: 9e15 })).toString("base64url");
    expect(verifyToken(key, `${p}.${forged}.${sig}`, { approvalId: "apr_1", call }, 2000)).toMatchObject({ ok: false, code: "APPROVAL_TOKEN_INVALID" });
    expect(verifyToken(Buffer.alloc(32, 2), issue(), { approvalId: "apr_1", call }, 2000)).toMatchObject({ ok: false, code: "APPROVAL_TOKEN_INVALID" });
    for (const bad of ["", "wat1..", "x.y.z", "wat1.e30.AAAA"]) expect(verifyToken(key, bad, { approvalId: "apr_1", call }, 2000)).toMatchObject({ ok: false, code: "APPROVAL_TOKEN_INVALID" });
  });
  it("are unique per issue (jti), so consuming one never consumes another", () => {
    expect(issue()).not.toBe(issue());
  });
});
