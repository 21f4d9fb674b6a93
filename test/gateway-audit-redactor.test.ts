// The gateway's audit redactor walks a payload once, copying only what it changes. Its output is hashed into
// the audit log, so it must stay byte for byte what the composition it replaced gave: the audit layer's
// credential-key mask, then the guardrails' redactValue. The reference below is that composition, with
// redactValue as it was written before (Object.entries, a fresh copy of everything).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { gatewayRedactor } from "../src/gateway/audit-redactor.js";
import { composeRedactors, defaultRedactor, type Redactor } from "../src/audit/index.js";
import { canonicalJson, splitDraft, type AuditDraft } from "../src/core/audit/index.js";
import { isSecretKey, redactText, redactValue } from "../src/core/guard/index.js";

// The walk of redactValue before it was optimised, kept verbatim as the reference.
const OLD_SECRET_KEY =
  /(password|passwd|passphrase|secret|apikey|privatekey|authorization|cookie|credential|accesskey|sessionkey|signingkey|bearer|token$|pin$|cvv$|ssn$)/;
const oldIsSecretKey = (key: string) => OLD_SECRET_KEY.test(key.toLowerCase().replace(/[-_\s]/g, ""));
function oldWalk(v: unknown, depth: number): unknown {
  if (typeof v === "string") return redactText(v);
  if (depth > 64) return "[REDACTED:depth]";
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map((x) => oldWalk(x, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    out[k] = oldIsSecretKey(k) && x !== null && x !== undefined && typeof x !== "object" && typeof x !== "boolean" ? "[REDACTED:secret]" : oldWalk(x, depth + 1);
  }
  return out;
}
const oldRedactValue = <T>(v: T): T => oldWalk(v, 0) as T;
const oldPayload: Redactor = (d) => ({
  ...d,
  tool_input: oldRedactValue(d.tool_input),
  tool_output: oldRedactValue(d.tool_output),
  llm_reasoning: d.llm_reasoning === null ? null : oldRedactValue(d.llm_reasoning),
  details: oldRedactValue(d.details),
});
const reference = composeRedactors(defaultRedactor, oldPayload);

function draft(p: { tool_input?: unknown; tool_output?: unknown; details?: unknown; llm_reasoning?: string | null }): AuditDraft {
  return {
    kind: "intent", category: "tool_call", action: "tool.call", tenant: "t", session_id: "ses_1", agent_id: "a", tool_name: "echo", verdict: "allow", risk_tier: null,
    rule_ids: [], policy_hash: "sha256:x", correlation_id: "c", trace_id: null, intent_seq: null, status: null,
    principal: "sarah", approval: null, context_hash: null, llm_reasoning: null, tool_input: null, tool_output: null, details: null, ...p,
  };
}

/** Every way the two could differ: the canonical bytes that are hashed, and JSON with its key order. */
function expectSame(p: Parameters<typeof draft>[0]): void {
  const d = draft(p);
  const before = JSON.stringify(d);
  const a = splitDraft(gatewayRedactor(d)).payload;
  const b = splitDraft(reference(d)).payload;
  expect(canonicalJson(a)).toBe(canonicalJson(b));
  expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  // INVARIANT: a redactor never mutates its input.
  expect(JSON.stringify(d)).toBe(before);
}

const nested = (depth: number, leaf: unknown, key = "k"): unknown => {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = i % 3 === 0 ? [v] : { [key]: v, other: i };
  return v;
};

const CARD = "4111 1111 1111 1111";
const AWS = "AKIAIOSFODNN7EXAMPLE";

describe("gateway audit redactor", () => {
  it("masks as the composition did on hand-picked hostile values", () => {
    const cases: unknown[] = [
      null, undefined, true, 0, -0, 42.5, "", "short", "[REDACTED]", "[REDACTED:secret]", `card ${CARD}`, `key ${AWS} here`, "mail ann@example.com",
      { password: "hunter2", token: 12, pin: true, cvv: null, ssn: undefined, api_key: { nested: "x" }, secret: ["a", "b"], authorization: false },
      { Password: "p", "X-Api-Key": "k", "access token": "t", session_key: 0, max_tokens: 100, tokens_used: 5, note: `${CARD}` },
      { list: [1, "two", null, undefined, { password: "x" }, [CARD]], ok: true, n: null },
      [undefined, null, , "hole before", { secret: { deep: { deeper: "v" } } }], // eslint-disable-line no-sparse-arrays
      Object.assign(Object.create(null) as object, { password: "p", a: 1 }),
      new Date(0),
      { when: new Date(0), m: new Map([["a", 1]]) },
      JSON.parse('{"__proto__": {"password": "x", "a": 1}, "b": 2}'),
      JSON.parse('{"a": 1, "__proto__": "str", "token": "t"}'),
      JSON.parse('{"a": {"__proto__": [1, 2]}, "z": "ann@example.com"}'),
      { "10": "x", "2": "y", a: "z", "-1": "w", password: "p" },
      nested(63, "leaf"), nested(64, "leaf"), nested(65, "leaf"), nested(66, 7), nested(70, { password: "p" }), nested(80, null), nested(80, undefined),
      nested(64, { password: "x", token: null, n: 1, b: true }, "password"),
      nested(65, { password: "x", token: null, n: 1, b: true }, "token"),
      nested(70, [undefined, , 1], "k"), // eslint-disable-line no-sparse-arrays
      nested(63, [undefined, , 1], "k"), nested(64, [undefined, , 1], "k"), nested(65, [undefined, , 1], "k"), // eslint-disable-line no-sparse-arrays
      { a: nested(66, CARD), b: nested(100, [CARD, 1]) },
    ];
    for (const v of cases) {
      expectSame({ tool_input: v });
      expectSame({ tool_output: v, details: { nested: v, error: { message: `failed for ${AWS}` } } });
    }
    expectSame({ llm_reasoning: `I think ${CARD} is fine`, tool_input: { a: 1 } });
    expectSame({ llm_reasoning: null });
  });

  const key = fc.constantFrom("password", "token", "api_key", "apiKey", "x-auth-token", "pin", "cvv", "ssn", "cookie", "Secret", "max_tokens", "name", "note", "account", "__proto__", "0", "10", "a b");
  const leafString = fc.oneof(fc.string(), fc.constantFrom(CARD, AWS, `send to ann@example.com`, "[REDACTED]", "123-45-6789", "ghp_" + "a".repeat(36)));
  const leaf = fc.oneof(leafString, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), fc.constant(undefined));
  const value = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: "small", withCrossShrink: true }, leaf, tie("arr"), tie("obj")),
    arr: fc.array(tie("node"), { maxLength: 4 }),
    obj: fc.dictionary(key, tie("node"), { maxKeys: 5 }),
  })).node;

  it("masks as the composition did on generated values", () => {
    fc.assert(
      fc.property(value, value, fc.integer({ min: 0, max: 80 }), (a, b, depth) => {
        expectSame({ tool_input: a, tool_output: b, details: { reasons: [a], nested: nested(depth, b, "password") } });
      }),
      { numRuns: 400 },
    );
  });

  it("redactValue and isSecretKey still answer as before (cached key verdicts)", () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(JSON.stringify(redactValue(v))).toBe(JSON.stringify(oldRedactValue(v)));
      }),
      { numRuns: 300 },
    );
    for (const k of ["password", "PASS_WORD", "Pass-Word", "x api key", "max_tokens", "access_token", "token", "tokens", "pin", "spin", "pinned", "ssn", "name"]) {
      expect(isSecretKey(k)).toBe(oldIsSecretKey(k));
      expect(isSecretKey(k)).toBe(oldIsSecretKey(k)); // cached answer
    }
  });
});
