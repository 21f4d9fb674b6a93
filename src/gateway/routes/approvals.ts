// Agents wait for a human's answer here. Agents never hold an approval token: once approved, Warden runs
// the frozen call itself and the result arrives through this endpoint.
import { Hono } from "hono";
import { parseDuration } from "../../core/index.js";
import { requireAgent, type Vars } from "../http/auth.js";
import { fail } from "../http/errors.js";
import { expireDue, stateOf, type PendingValue } from "../pipeline/approvals.js";
import type { Runtime } from "../runtime.js";
import { getOutcome } from "../approvals/records.js";

const MAX_WAIT_MS = 60_000;
const POLL_MS = 200;

export function approvalRoutes(rt: Runtime) {
  const app = new Hono<{ Variables: Vars }>();
  app.use("*", requireAgent(rt));

  app.get("/:id/wait", async (c) => {
    const id = c.get("identity");
    const q = c.req.query("timeout") ?? "30s";
    const timeout = /^\d+$/.test(q) ? Number(q) * 1000 : parseDuration(q);
    if (timeout === undefined || timeout > MAX_WAIT_MS) return fail(c, "REQUEST_INVALID", `timeout must be a duration up to 60s (got \`${q}\`)`);
    const until = Date.now() + timeout;
    for (;;) {
      let e = await rt.store.approvals.get(c.req.param("id"));
      const v = e?.value as unknown as PendingValue | undefined;
      // SECURITY: another agent's approval is "not found".
      if (!e || id.kind !== "agent" || v?.agent !== id.agent) return fail(c, "NOT_FOUND", `no approval ${c.req.param("id")} for this agent`);
      if (e.status === "pending" && rt.now() >= e.deadline) {
        await expireDue(rt);
        e = (await rt.store.approvals.get(e.id)) ?? e;
      }
      // Approved entries are final; what running the frozen call produced is stored beside them.
      const s = stateOf(e, e.status === "approved" ? await getOutcome(rt, e.id) : null);
      if (s.status !== "pending" || Date.now() >= until) return c.json({ ...s.body, correlation_id: c.get("correlationId") });
      await new Promise((r) => setTimeout(r, Math.min(POLL_MS, Math.max(0, until - Date.now()))));
    }
  });
  return app;
}
