// Response bodies of the agent API. A decision is not an error: a deny carries the verdict, the rule ids
// and a message the agent can act on.
import type { Decision } from "../../core/index.js";

export interface CallResponse {
  status: 200 | 202 | 403 | 409 | 413 | 422 | 429 | 500 | 502 | 503 | 404;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

export function decisionSummary(d: Decision) {
  return {
    verdict: d.verdict,
    rule_ids: d.rule_ids,
    reasons: d.reasons,
    risk: d.risk,
    message: d.reasons.filter((r) => r.effect === d.verdict).map((r) => r.message).join("; "),
  };
}

export function denied(d: Decision, ids: { call_id: string; correlation_id: string }): CallResponse {
  return { status: 403, body: { ...decisionSummary(d), ...ids } };
}
