import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { canonicalJson } from "./canonical.js";
import { canonicalHeader, splitDraft, toRanges, type AuditHeader } from "./record.js";

const str = fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.constantFrom("é", "\u2028", "\u0000", '"\\', "😀"));
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });

const headerArb: fc.Arbitrary<AuditHeader> = fc.record({
  v: fc.constant(1),
  seq: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
  timestamp: str,
  kind: fc.constantFrom("intent", "outcome", "approval", "control", "context", "event", "purge"),
  category: fc.constantFrom("tool_call", "high_risk", "approval", "context", "control"),
  action: str,
  tenant: opt(str),
  session_id: opt(str),
  agent_id: opt(str),
  tool_name: opt(str),
  verdict: opt(fc.constantFrom("allow", "deny", "approve")),
  risk_tier: opt(fc.constantFrom("low", "medium", "high", "critical")),
  rule_ids: fc.array(str, { maxLength: 4 }),
  policy_hash: opt(str),
  correlation_id: opt(str),
  trace_id: opt(str),
  intent_seq: opt(fc.nat()),
  status: opt(str),
  payload_sha256: str,
}) as fc.Arbitrary<AuditHeader>;

describe("canonicalHeader", () => {
  it("equals RFC 8785 canonical JSON for any header", () => {
    fc.assert(
      fc.property(headerArb, fc.option(fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 3 }), { nil: undefined }), (h, purged) => {
        const withPurge: AuditHeader = purged ? { ...h, purged: purged as [number, number][] } : h;
        expect(canonicalHeader(withPurge)).toBe(canonicalJson(withPurge));
      }),
      { numRuns: 500 },
    );
  });
});

describe("records", () => {
  it("splits a draft into header fields and payload, nulls for absent values", () => {
    const { head, payload } = splitDraft({ kind: "intent", category: "tool_call", action: "tool_call", tool_name: "t", tool_input: { a: 1 } } as never);
    expect(head).toMatchObject({ kind: "intent", tool_name: "t", session_id: null, rule_ids: [] });
    expect(payload).toEqual({ principal: null, tool_input: { a: 1 }, tool_output: null, llm_reasoning: null, approval: null, context_hash: null, details: null });
  });

  it("compresses seqs to ranges", () => {
    expect(toRanges([1, 2, 3, 5, 7, 8])).toEqual([[1, 3], [5, 5], [7, 8]]);
    expect(toRanges([])).toEqual([]);
  });
});
