// tau-bench retail: every compliant ground-truth call replays without a denial; mutated calls are denied.
import { describe, expect, it } from "vitest";
import { evaluateRetail } from "../examples/retail/evaluate.js";
import { requireSharedData } from "./shared-data.js";

// Two ground-truth calls in the test split are attempts the retail wiki forbids, which the tau-bench
// environment itself rejects: a refund to PayPal that was not the order's payment method (the task then
// retries with the original credit card), and modifying items of an order the same task has just
// exchanged as delivered. They are denied, by the rule that says why.
const KNOWN_NONCOMPLIANT = new Set(["13:return_delivered_order_items:refund-to-original-or-gift-card", "64:modify_pending_order_items:pending-only"]);

describe("tau-bench retail replay", () => {
  const reports = evaluateRetail(requireSharedData());

  for (const rep of reports) {
    it(`${rep.set}: no compliant call is denied (${rep.tasks} tasks)`, () => {
      const unexpected = rep.denied.filter((d) => !KNOWN_NONCOMPLIANT.has(`${d.trace.split("/").pop()}:${d.tool}:${d.rule_ids.join(",")}`));
      expect(unexpected).toEqual([]);
      expect(rep.notAllowed).toBe(rep.denied.length);
      expect(rep.steps).toBeGreaterThan(rep.groundTruthSteps);
    });

    it(`${rep.set}: every mutated call is denied`, () => {
      for (const [kind, m] of Object.entries(rep.mutations)) {
        expect.soft(m.denied, kind).toBe(m.n);
        expect.soft(m.n, kind).toBeGreaterThan(0);
      }
      expect(Object.keys(rep.mutations).sort()).toEqual(["cancelled-order", "not-authenticated", "order-not-checked", "other-users-order", "payment-not-on-file"]);
    });
  }

  it("mutations are denied by the rule that names the violation", () => {
    const test = reports.find((r) => r.set === "tasks_test");
    expect(test?.mutations["other-users-order"].rules["other-users-order"]).toBe(test?.mutations["other-users-order"].n);
    expect(test?.mutations["payment-not-on-file"].rules["payment-method-on-file"]).toBe(test?.mutations["payment-not-on-file"].n);
    expect(test?.mutations["not-authenticated"].rules["authenticate-first"]).toBe(test?.mutations["not-authenticated"].n);
  });
});
