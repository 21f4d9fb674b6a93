// The fast path must agree with the CEL interpreter whenever it answers.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileCel, evaluate } from "./index.js";
import { toCelValue } from "./values.js";

const CONDITIONS = [
  'tool == "t" && args.amount > 1000',
  "args.amount >= 10 || args.amount < 0.5",
  '!args.to.endsWith("@example.com")',
  'args.path.startsWith("/etc/") && !("admin" in agent.roles)',
  'args.note.contains("password") && principal == ""',
  'args.region in ["eu-west-1", "eu-central-1"]',
  "has(args.to) && args.to == principal",
  'args.n == 1 && args.flag != true',
  '"x" in args',
  "args.amount > 1000.5 || !has(args.amount)",
  'provenance["/to"] == "untrusted"',
  "session.labels.size() > 0",
  "args.list.all(x, x > 1)",
];

const value = fc.oneof(fc.string({ maxLength: 8 }), fc.integer({ min: -5, max: 5000 }), fc.double({ noNaN: true, min: -1e6, max: 1e6 }), fc.boolean(), fc.constant(null), fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }));
const args = fc.dictionary(fc.constantFrom("amount", "to", "path", "note", "region", "n", "flag", "x", "list"), value, { maxKeys: 6 });

describe("CEL fast path", () => {
  const programs = CONDITIONS.map((c) => {
    const r = compileCel(c);
    if (!r.ok) throw new Error(c);
    return r.program;
  });

  it("covers the common shapes and leaves the rest to the interpreter", () => {
    expect(programs.filter((p) => p.fast).length).toBeGreaterThanOrEqual(10);
    expect(programs[programs.length - 1]?.fast).toBeUndefined(); // comprehensions
  });

  it("agrees with the interpreter on every answer it gives", () => {
    fc.assert(
      fc.property(args, fc.constantFrom("", "alice", "x@example.com"), fc.constantFrom("t", "u"), (a, principal, tool) => {
        const plain = { tool, principal, args: a, agent: { id: "a", tenant: "t", roles: ["r"], zone: "" }, provenance: { "/to": "untrusted" }, session: { labels: ["x"] } };
        const cel = Object.fromEntries(Object.entries(plain).map(([k, v]) => [k, toCelValue(v)]));
        for (const p of programs) {
          const slow = p.eval(cel);
          const fast = evaluate(p, plain, () => cel);
          if ("value" in slow) expect(fast, p.source).toEqual(slow);
          else expect("error" in fast, p.source).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });
});
