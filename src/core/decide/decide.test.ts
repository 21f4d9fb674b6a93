import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { createSession, observe } from "../session/index.js";
import { decide } from "./decide.js";
import type { Call, Tier } from "../types.js";
import { compileOrThrow } from "../../../test/helpers/policy.js";

const compile = compileOrThrow;

const TIERS: Tier[] = ["read_only", "write_limited", "write_broad", "code_exec", "destructive"];
const tiered = compile(`version: 1
tools:
${TIERS.map((t) => `  t_${t}: { tier: ${t} }`).join("\n")}
  t_bulk: { tier: write_limited, bulk: true }
  t_cost: { tier: read_only, cost_usd: 0.5 }
tasks:
  all: ["*"]
roles:
  r: { tools: ["*"] }
agents:
  a: { tenant: acme, roles: [r] }
rules:
  - id: allow-everything
    when: "true"
    then: allow
  - id: deny-evil
    when: has(args.evil) && args.evil == true
    then: { deny: "evil" }
  - id: ask-big
    when: has(args.n) && args.n > 10
    then: { approve: { approvers: 1, group: ops, timeout: 5m } }
  - id: ask-huge
    when: has(args.n) && args.n > 100
    then: { approve: { approvers: 3, groups: [sec], timeout: 1m } }
budgets:
  session: { tool_calls: 3, cost_usd: 1 }
`);
const call = (tool: string, args: unknown = {}, over: Partial<Call> = {}): Call => ({ agent: "a", task: "all", principal: "p", tool, args, ...over });
const NOW = 1_767_614_400_000;

describe("decide", () => {
  it("applies tier floors that no allow rule lowers", () => {
    expect(decide(tiered, call("t_read_only"), undefined, NOW)).toMatchObject({ verdict: "allow", risk: "low" });
    expect(decide(tiered, call("t_write_limited"), undefined, NOW)).toMatchObject({ verdict: "allow", risk: "medium" });
    expect(decide(tiered, call("t_write_broad"), undefined, NOW)).toMatchObject({ verdict: "approve", approval: { approvers: 1 }, risk: "high" });
    expect(decide(tiered, call("t_code_exec"), undefined, NOW)).toMatchObject({ verdict: "approve", approval: { approvers: 1 }, obligations: { sandbox: true } });
    expect(decide(tiered, call("t_destructive"), undefined, NOW)).toMatchObject({ verdict: "approve", approval: { approvers: 2 }, risk: "critical" });
    expect(decide(tiered, call("t_bulk"), undefined, NOW)).toMatchObject({ verdict: "approve", approval: { approvers: 2 }, risk: "critical" });
  });

  it("deny beats approve beats allow; approvals merge (most approvers, shortest timeout, union of groups)", () => {
    const d = decide(tiered, call("t_read_only", { n: 500 }), undefined, NOW);
    expect(d.verdict).toBe("approve");
    expect(d.rule_ids).toEqual(["ask-big", "ask-huge"]);
    expect(d.approval).toEqual({ approvers: 3, groups: ["ops", "sec"], timeout_ms: 60_000 });
    const e = decide(tiered, call("t_read_only", { n: 500, evil: true }), undefined, NOW);
    expect(e.verdict).toBe("deny");
    expect(e.rule_ids).toEqual(["deny-evil"]);
    expect(e.reasons.map((r) => r.rule_id)).toEqual(["deny-evil", "allow-everything", "ask-big", "ask-huge"]);
  });

  it("denies what is not declared, granted or allowed, naming the built-in check", () => {
    expect(decide(tiered, call("nope"), undefined, NOW).rule_ids).toEqual(["warden.unknown_tool"]);
    expect(decide(tiered, call("t_read_only", {}, { agent: "who" }), undefined, NOW).rule_ids).toEqual(["warden.unknown_agent"]);
    expect(decide(tiered, call("t_read_only", {}, { task: "x" }), undefined, NOW).rule_ids).toEqual(["warden.unknown_task"]);
    expect(decide(tiered, call("t_read_only", {}, { context: { tenant: "other" } }), undefined, NOW).rule_ids).toEqual(["warden.tenant"]);
    expect(decide(tiered, call("t_read_only", "not an object"), undefined, NOW).rule_ids).toEqual(["warden.args_schema"]);
  });

  it("reports what a call consumes and enforces the session budget it can see", () => {
    let s = createSession({ id: "s", agent: "a", task: "all", principal: "p" }, NOW);
    const c = call("t_cost");
    expect(decide(tiered, c, s, NOW).consumes).toEqual({ tool_calls: 1, cost_usd: 0.5, meters: {} });
    s = observe(tiered, s, c, { executed: true, verdict: "allow", at: NOW }, { cost_usd: 0.5, meters: {} });
    s = observe(tiered, s, c, { executed: true, verdict: "allow", at: NOW }, { cost_usd: 0.5, meters: {} });
    const d = decide(tiered, c, s, NOW);
    expect(d.verdict).toBe("deny");
    expect(d.rule_ids).toEqual(["warden.budget"]);
    expect(d.reasons[0]?.message).toMatch(/cost in USD/);
  });

  it("refuses calls on a halted session or from another agent", () => {
    const s = { ...createSession({ id: "s", agent: "a", task: "all", principal: "p" }, NOW), status: "halted" as const };
    expect(decide(tiered, call("t_read_only"), s, NOW).rule_ids).toEqual(["warden.session_inactive"]);
    const s2 = createSession({ id: "s", agent: "b", task: "all", principal: "p" }, NOW);
    expect(decide(tiered, call("t_read_only"), s2, NOW).rule_ids).toEqual(["warden.session_mismatch"]);
  });

  it("fails closed when a deny rule's condition errors, and ignores a failing allow rule", () => {
    const p = compile(`version: 1
tools: { t: { tier: read_only } }
tasks: { k: [t] }
roles: { r: { tools: [t] } }
agents: { a: { tenant: x, roles: [r] } }
rules:
  - id: needs-field
    when: args.missing.startsWith("x")
    then: deny
`);
    const d = decide(p, { agent: "a", task: "k", principal: null, tool: "t", args: {} }, undefined, NOW);
    expect(d.verdict).toBe("deny");
    expect(d.reasons[0]?.message).toMatch(/could not be evaluated/);
  });

  // Property tests: decide is total, undeclared tools are denied, no allow rule lowers a tier floor.
  const json = fc.jsonValue({ maxDepth: 3 });
  const anyCall = fc.record({
    agent: fc.oneof(fc.constant("a"), fc.string()),
    task: fc.oneof(fc.constant("all"), fc.string()),
    principal: fc.oneof(fc.constant(null), fc.string()),
    tool: fc.oneof(fc.constantFrom("t_read_only", "t_write_broad", "t_destructive", "t_bulk", "t_cost"), fc.string()),
    args: fc.oneof(json, fc.dictionary(fc.string(), json), fc.record({ n: fc.double(), evil: fc.boolean() })),
  });

  it("is total: never throws and always returns a well-formed decision", () => {
    fc.assert(
      fc.property(anyCall, fc.integer({ min: 0, max: 4_102_444_800_000 }), (c, now) => {
        const d = decide(tiered, c as Call, undefined, now);
        expect(["allow", "deny", "approve"]).toContain(d.verdict);
        expect(d.rule_ids.length).toBeGreaterThan(0);
        if (d.verdict === "approve") expect(d.approval?.approvers).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 500 },
    );
    expect(decide(tiered, null as unknown as Call, undefined, NOW).verdict).toBe("deny");
  });

  it("always denies undeclared tools", () => {
    fc.assert(
      fc.property(fc.string().filter((t) => !tiered.tools.has(t)), json, (tool, args) => {
        const d = decide(tiered, call(tool, args), undefined, NOW);
        expect(d.verdict).toBe("deny");
        expect(d.rule_ids).toEqual(["warden.unknown_tool"]);
      }),
    );
  });

  it("never lets an allow rule lower a tier floor", () => {
    fc.assert(
      fc.property(fc.constantFrom("t_write_broad", "t_code_exec", "t_destructive", "t_bulk"), fc.record({ n: fc.double({ noNaN: true }) }), (tool, args) => {
        const d = decide(tiered, call(tool, args), undefined, NOW);
        const floor = tool === "t_destructive" || tool === "t_bulk" ? 2 : 1;
        // Stricter is fine (a deny); looser never.
        expect(d.verdict).not.toBe("allow");
        if (d.verdict === "approve") expect(d.approval?.approvers).toBeGreaterThanOrEqual(floor);
      }),
    );
  });
});

describe("history in conditions and sequences", () => {
  const p = compile(`version: 1
tools:
  a: { tier: read_only }
  b: { tier: read_only }
  c: { tier: read_only }
tasks:
  t: ["*"]
roles:
  r: { tools: ["*"] }
agents:
  x: { tenant: acme, roles: [r] }
rules:
  - id: called-a
    when: tool == "c" && "a" in session.tools_called && size(session.tools_called) == 2
    then: { deny: "a ran" }
  - id: via-cel
    when: tool == "c" && session.tools_called.exists(t, t == "b")
    then: approve
sequences:
  - id: a-then-c
    steps: [a, c]
    within: 1m
    then: approve
`);
  const call = (tool: string): Call => ({ agent: "x", task: "t", principal: null, tool, args: {} });
  const T = 1_767_614_400_000;
  const ran = (steps: [string, boolean, number][]) =>
    steps.reduce((s, [tool, executed, at]) => observe(p, s, call(tool), { executed, verdict: executed ? "allow" : "deny", at }), createSession({ id: "s", agent: "x", task: "t" }, T));

  it("tools_called and sequences count only calls that ran", () => {
    expect(decide(p, call("c"), ran([["a", false, T], ["b", false, T]]), T).verdict).toBe("allow");
    expect(decide(p, call("c"), ran([["a", true, T], ["a", false, T + 1]]), T + 2).rule_ids).toEqual(["a-then-c"]);
    expect(decide(p, call("c"), ran([["a", true, T], ["b", true, T + 1], ["a", false, T + 2]]), T + 3).rule_ids).toEqual(["called-a"]);
    expect(decide(p, call("c"), ran([["b", true, T]]), T + 1).rule_ids).toEqual(["via-cel"]);
  });

  it("a sequence matches the latest earlier step, within its window", () => {
    const s = ran([["a", true, T], ["b", true, T + 30_000], ["a", true, T + 90_000], ["a", false, T + 100_000]]);
    expect(decide(p, call("c"), s, T + 120_000).rule_ids).toContain("a-then-c");
    expect(decide(p, call("c"), s, T + 151_000).rule_ids).not.toContain("a-then-c");
  });
});
