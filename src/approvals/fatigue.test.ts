import { describe, expect, it } from "vitest";
import { batchFor, summarizeBatches } from "./batch.js";
import { decayable, decayed } from "./decay.js";
import { highlights, maskAccount } from "./context.js";
import { notificationBody, signBody, verifyBodySignature } from "./notification.js";
import type { ApprovalRecord } from "./types.js";
import type { Decision } from "../core/index.js";

const d = (risk: Decision["risk"], approvers = 1): Decision => ({ verdict: "approve", rule_ids: ["r"], reasons: [], obligations: {}, risk, approval: { approvers, groups: ["g"], timeout_ms: 1 }, consumes: { tool_calls: 1, cost_usd: 0, meters: {} } });
const rec = (session_id: string, tool: string, created_at: number, batch_id: string) => ({ id: batch_id + created_at, value: { session_id, call: { tool }, created_at, batch_id } as unknown as ApprovalRecord });

describe("batching", () => {
  it("joins the newest pending request of the same session and tool within the window", () => {
    const pending = [rec("s1", "send_email", 1000, "b1"), rec("s1", "send_email", 5000, "b1"), rec("s2", "send_email", 5000, "b2"), rec("s1", "transfer_funds", 5000, "b3")];
    expect(batchFor(pending, { session_id: "s1", tool: "send_email", now: 6000 }, 60_000)).toBe("b1");
    expect(batchFor(pending, { session_id: "s1", tool: "send_email", now: 70_000 }, 60_000)).toBeNull();
    expect(batchFor(pending, { session_id: "s3", tool: "send_email", now: 6000 }, 60_000)).toBeNull();
    const sums = summarizeBatches(pending.map((p) => ({ ...p, deadline: 10_000 })));
    expect(sums.find((b) => b.batch_id === "b1")).toMatchObject({ count: 2, first_at: 1000 });
  });
});

describe("decay", () => {
  it("only medium risk with one approver decays, and only after N clean approvals", () => {
    const cfg = { enabled: true, after: 3 };
    expect(decayed(d("medium"), 2, cfg)).toBe(false);
    expect(decayed(d("medium"), 3, cfg)).toBe(true);
    expect(decayed(d("medium"), 3, { ...cfg, enabled: false })).toBe(false);
    for (const r of ["high", "critical"] as const) expect(decayed(d(r), 1_000_000, cfg)).toBe(false);
    expect(decayable(d("medium", 2))).toBe(false);
    expect(decayable(d("low"))).toBe(false);
  });
});

describe("context", () => {
  it("highlights amounts, recipients and accounts; accounts keep the last four characters", () => {
    expect(maskAccount("GB29NWBK60161331923847")).toBe("*3847");
    expect(highlights({ from: "GB29NWBK60161331923847", to: "x@y.z", amount: 2400, memo: "m" })).toEqual([
      { pointer: "/from", kind: "account", display: "*3847" },
      { pointer: "/to", kind: "recipient", display: "x@y.z" },
      { pointer: "/amount", kind: "amount", display: "2400" },
    ]);
  });
});

describe("notification bodies", () => {
  it("are Slack-compatible and carry the context; signatures verify only the exact body", () => {
    const b = notificationBody({ kind: "requested", group: "finance", approval_id: "apr_1", summary: "s", context: { a: 1 }, links: { show: "http://x/admin/approvals/apr_1" } });
    expect(b).toMatchObject({ text: expect.stringContaining("Approval requested"), blocks: expect.any(Array), warden: { approval_id: "apr_1", context: { a: 1 } } });
    const raw = JSON.stringify(b);
    const sig = signBody("secret-secret-secret", raw, 123);
    expect(verifyBodySignature("secret-secret-secret", raw, sig)).toBe(true);
    expect(verifyBodySignature("secret-secret-secret", raw + " ", sig)).toBe(false);
    expect(verifyBodySignature("other-secret-secret", raw, sig)).toBe(false);
  });
});
