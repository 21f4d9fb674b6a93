import { describe, expect, it } from "vitest";
import { canonicalHeader, type AuditHeader } from "./record.js";
import { readHeaderFields } from "./header-fields.js";

const base: AuditHeader = {
  v: 1,
  seq: 42,
  timestamp: "2026-03-18T14:22:07.000Z",
  kind: "outcome",
  category: "tool_call",
  action: "tool_result",
  tenant: "acme",
  session_id: "s1",
  agent_id: "a1",
  tool_name: "transfer_funds",
  verdict: "allow",
  risk_tier: "low",
  rule_ids: ["r1", "r2"],
  policy_hash: null,
  correlation_id: null,
  trace_id: null,
  intent_seq: 41,
  status: "ok",
  payload_sha256: "sha256:" + "ab".repeat(32),
};

const pick = (h: AuditHeader) => ({ seq: h.seq, kind: h.kind, intent_seq: h.intent_seq, payload_sha256: h.payload_sha256 });

describe("readHeaderFields", () => {
  it("agrees with JSON.parse on canonical headers", () => {
    for (const h of [base, { ...base, intent_seq: null, kind: "intent" as const }, { ...base, seq: 1, tenant: "ünïcode", action: "a,\"seq\":7" }]) {
      const text = canonicalHeader(h);
      const fast = readHeaderFields(text);
      if (fast) expect(fast).toEqual(pick(JSON.parse(text) as AuditHeader));
    }
    expect(readHeaderFields(canonicalHeader(base))).toEqual(pick(base));
  });

  it("declines what it cannot read exactly, so the caller parses it fully", () => {
    const text = canonicalHeader(base);
    expect(readHeaderFields(canonicalHeader({ ...base, action: 'say "hi"' }))).toBeNull(); // escapes
    expect(readHeaderFields(canonicalHeader({ ...base, kind: "purge", purged: [[1, 2]] }))).toBeNull();
    expect(readHeaderFields(text.replace('"seq":42', '"seq":42,"seq":43'))).toBeNull(); // a repeated key (JSON.parse keeps the last)
    expect(readHeaderFields(text.replace('"kind":"outcome"', '"kind":"outcome","kind":"intent"'))).toBeNull();
    expect(readHeaderFields(text.replace('"seq":42', '"seq":4.2e1'))).toBeNull();
    expect(readHeaderFields(text.replace('"seq":42', '"seq":042'))).toBeNull();
    expect(readHeaderFields(text.replace('"intent_seq":41', '"intent_seq":nullx'))).toBeNull();
    expect(readHeaderFields(text.replace('"rule_ids":["r1","r2"]', '"rule_ids":{"a":1}'))).toBeNull();
    expect(readHeaderFields(" " + text)).toBeNull();
    expect(readHeaderFields("not json")).toBeNull();
  });
});
