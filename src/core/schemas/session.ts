export const SESSION_SCHEMA = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://warden.dev/schemas/session.schema.json",
  title: "Session",
  description: "What one run of an agent for one task has seen and done. A plain value; transitions return a new one.",
  type: "object",
  required: ["id", "agent", "task", "principal", "status", "started_at", "labels", "counters", "history", "facts", "seen"],
  properties: {
    id: { type: "string" },
    agent: { type: "string" },
    task: { type: "string" },
    principal: { type: ["string", "null"] },
    tenant: { type: "string" },
    request: { type: "string" },
    context: { type: "object" },
    status: { enum: ["active", "paused", "halted", "ended"] },
    started_at: { type: "number", description: "Epoch milliseconds." },
    labels: { type: "array", items: { type: "string" } },
    counters: {
      type: "object",
      required: ["tool_calls", "cost_usd", "tokens", "meters"],
      properties: { tool_calls: { type: "integer" }, cost_usd: { type: "number" }, tokens: { type: "integer" }, meters: { type: "object", additionalProperties: { type: "number" } } },
    },
    history: {
      type: "array",
      items: {
        type: "object",
        required: ["step", "tool", "verdict", "executed", "at", "rule_ids"],
        properties: { step: { type: "integer" }, tool: { type: "string" }, verdict: { enum: ["allow", "deny", "approve"] }, executed: { type: "boolean" }, at: { type: "number" }, rule_ids: { type: "array", items: { type: "string" } } },
      },
    },
    budgets: {
      type: "object",
      description: "Limits set at session start; they only tighten the policy's session budget.",
      properties: { tool_calls: { type: "integer" }, cost_usd: { type: "number" }, tokens: { type: "integer" }, wall_time_ms: { type: "number" }, meters: { type: "object", additionalProperties: { type: "number" } } },
    },
    facts: { type: "object", description: "Values established by trusted tool outputs (tools' `facts`)." },
    seen: {
      type: "object",
      description: "Index of what the session has seen: sources and token → source ids (keys prefixed with ~).",
      required: ["sources", "tokens"],
      properties: {
        sources: { type: "array", items: { type: "object", required: ["kind", "step"], properties: { kind: { enum: ["request", "trusted", "untrusted"] }, step: { type: "integer" }, tool: { type: "string" } } } },
        tokens: { type: "object", additionalProperties: { type: "array", items: { type: "integer" } } },
      },
    },
  },
} as const;
