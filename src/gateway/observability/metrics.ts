// Prometheus metrics (seed 003 §4): decisions, blocks by rule, latencies, tool errors, approvals, sessions.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export interface Metrics {
  registry: Registry;
  decisions: Counter<"verdict" | "tool">;
  blocks: Counter<"rule">;
  decisionSeconds: Histogram;
  toolSeconds: Histogram<"tool" | "outcome">;
  toolErrors: Counter<"tool" | "code">;
  toolTimeouts: Counter<"tool">;
  approvalsPending: Gauge;
  redactions: Counter<"source">;
  sessions: Counter<"event">;
  inFlight: Gauge;
  shed: Counter<"reason">;
}

export function createMetrics(defaults = true): Metrics {
  const registry = new Registry();
  if (defaults) collectDefaultMetrics({ register: registry, prefix: "warden_process_" });
  const r = [registry];
  return {
    registry,
    decisions: new Counter({ name: "warden_decisions_total", help: "Decisions by verdict and tool", labelNames: ["verdict", "tool"], registers: r }),
    blocks: new Counter({ name: "warden_blocked_by_rule_total", help: "Denied calls by deciding rule id", labelNames: ["rule"], registers: r }),
    decisionSeconds: new Histogram({ name: "warden_decision_seconds", help: "Time to decide one call", buckets: [1e-6, 5e-6, 1e-5, 5e-5, 1e-4, 5e-4, 1e-3, 5e-3], registers: r }),
    toolSeconds: new Histogram({ name: "warden_tool_seconds", help: "Tool execution time", labelNames: ["tool", "outcome"], buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30], registers: r }),
    toolErrors: new Counter({ name: "warden_tool_errors_total", help: "Tool executions that failed, by code", labelNames: ["tool", "code"], registers: r }),
    toolTimeouts: new Counter({ name: "warden_tool_timeouts_total", help: "Tool executions that timed out", labelNames: ["tool"], registers: r }),
    approvalsPending: new Gauge({ name: "warden_approvals_pending", help: "Calls waiting for a human", registers: r }),
    redactions: new Counter({ name: "warden_redaction_events_total", help: "Values masked before anyone saw them", labelNames: ["source"], registers: r }),
    sessions: new Counter({ name: "warden_sessions_total", help: "Sessions started and ended", labelNames: ["event"], registers: r }),
    inFlight: new Gauge({ name: "warden_calls_in_flight", help: "Governed calls in progress", registers: r }),
    shed: new Counter({ name: "warden_calls_shed_total", help: "Calls refused to protect the gateway (429/503)", labelNames: ["reason"], registers: r }),
  };
}
