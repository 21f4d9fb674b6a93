// POST /v1/sessions/{id}/scan: run a checkpoint's scanners over text the agent holds (user input, LLM
// output, a document), get findings and the redacted text, and let the session learn the labels.
import { Hono } from "hono";
import { CHECKPOINTS, runCheckpoint, type Checkpoint, type Session } from "../../core/index.js";
import { requireAgent, type Vars } from "../http/auth.js";
import { jsonBody } from "../http/body.js";
import { fail } from "../http/errors.js";
import { check } from "../http/schemas.js";
import { peekSession, updateSession } from "../pipeline/session-repo.js";
import type { Runtime } from "../runtime.js";

export const SCAN_REQUEST = {
  type: "object",
  additionalProperties: false,
  required: ["checkpoint", "text"],
  properties: { checkpoint: { enum: [...CHECKPOINTS] }, text: { type: "string", maxLength: 1_048_576 } },
} as const;

export function scanRoutes(rt: Runtime) {
  const app = new Hono<{ Variables: Vars }>();
  app.post("/:id/scan", requireAgent(rt), async (c) => {
    const id = c.get("identity");
    const session = await peekSession(rt.store.sessions, c.req.param("id"));
    if (!session || id.kind !== "agent" || session.agent !== id.agent) return fail(c, "NOT_FOUND", `no session ${c.req.param("id")} for this agent`);
    const body = await jsonBody(c);
    if (!body.ok) return fail(c, "REQUEST_INVALID", body.message);
    const problem = check(SCAN_REQUEST, body.value);
    if (problem) return fail(c, "REQUEST_INVALID", problem);
    const req = body.value as { checkpoint: Checkpoint; text: string };
    const policy = rt.policies.policy;
    const r = runCheckpoint(policy.guard, req.checkpoint, req.text);
    if (r.redaction_events) rt.metrics.redactions.inc({ source: "guard" }, r.redaction_events);
    for (const s of r.blocked_by) rt.metrics.blocks.inc({ rule: `guard.${s}` });
    if (r.labels.length) {
      // Labels from scanned text count like labels from tool output: flow rules act on them.
      await updateSession(rt.store.sessions, session.id, (s: Session) => ({ ...s, labels: [...new Set([...s.labels, ...r.labels])].sort() }));
    }
    await rt.audit.append({ kind: "event", action: "guard.scan", session_id: session.id, agent_id: id.agent, tenant: session.tenant ?? null, correlation_id: c.get("correlationId"), details: { checkpoint: req.checkpoint, action: r.action, findings: r.findings.map((f) => ({ scanner: f.scanner, type: f.type, start: f.start, end: f.end, severity: f.severity })) } });
    return c.json({
      checkpoint: r.checkpoint,
      action: r.action,
      findings: r.findings.map((f) => ({ scanner: f.scanner, type: f.type, start: f.start, end: f.end, score: f.score, severity: f.severity, action: f.action })),
      redacted: r.redacted,
      labels_applied: r.labels,
      injection_score: r.injection_score,
      correlation_id: c.get("correlationId"),
    });
  });
  return app;
}

