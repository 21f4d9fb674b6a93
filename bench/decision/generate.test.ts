// The generator, not the timings: policies compile, each called tool carries exactly five rules at every
// size, global rules stay constant, and the Cedar translation parses and agrees with Warden on the mix.
import { describe, expect, it } from "vitest";
import { compilePolicy, decide } from "../../src/core/index.js";
import { prepareCedar } from "./cedar.js";
import { CALLED_TOOLS, GLOBAL_RULES, RULES_PER_CALLED_TOOL, SIZES, TOOL_COUNT, generatePolicy } from "./generate.js";

describe("bench/decision generator", () => {
  for (const size of SIZES) {
    it(`${size} rules: compiles, indexes by tool, five rules on each called tool`, () => {
      const gen = generatePolicy(size);
      const r = compilePolicy(gen.yaml, { file: `generated-${size}.yaml`, version: "test" });
      if (!r.ok) throw new Error(JSON.stringify(r.diagnostics.slice(0, 3)));
      expect(r.policy.rules.length).toBe(size);
      expect(r.policy.tools.size).toBe(TOOL_COUNT);
      expect(r.policy.globalRules.length).toBe(GLOBAL_RULES);
      for (const t of CALLED_TOOLS) expect(r.policy.tools.get(t)?.rules.length).toBe(RULES_PER_CALLED_TOOL);
      // Every call of the mix targets a called tool and reaches the rules (no identity or schema denials).
      for (const c of gen.calls) {
        expect(CALLED_TOOLS).toContain(c.tool);
        const d = decide(r.policy, c, undefined, 0);
        expect(d.rule_ids.some((id) => id.startsWith("warden.") && id !== "warden.grant" && id !== "warden.tier_floor")).toBe(false);
        // A condition that errors fails closed and would measure the error path, not the rules.
        expect(d.reasons.map((x) => x.message).join("\n")).not.toContain("could not be evaluated");
      }
    });
  }

  it("the mix exercises allow, approve and deny", () => {
    const gen = generatePolicy(20);
    const r = compilePolicy(gen.yaml, { file: "g.yaml", version: "test" });
    if (!r.ok) throw new Error("does not compile");
    const policy = r.policy;
    const verdicts = new Set(gen.calls.map((c) => decide(policy, c, undefined, 0).verdict));
    expect([...verdicts].sort()).toEqual(["allow", "approve", "deny"]);
  });

  it("the Cedar translation parses and gives the same verdicts on the mix (100 rules)", () => {
    const gen = generatePolicy(100);
    const r = compilePolicy(gen.yaml, { file: "g.yaml", version: "test" });
    if (!r.ok) throw new Error("does not compile");
    const policy = r.policy;
    const cedar = prepareCedar(gen, "test-100");
    for (const c of gen.calls) expect(cedar.authorize(c)).toBe(decide(policy, c, undefined, 0).verdict);
  });
});
