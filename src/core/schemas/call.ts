// JSON Schemas of the shapes every layer shares. docs/schemas/*.json are generated from these.
export const CALL_SCHEMA = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://warden.dev/schemas/call.schema.json",
  title: "Call",
  description: "One tool call an agent asks Warden to make.",
  type: "object",
  additionalProperties: false,
  required: ["agent", "task", "tool"],
  properties: {
    agent: { type: "string", minLength: 1, maxLength: 256 },
    task: { type: "string", minLength: 1, maxLength: 256 },
    principal: { type: ["string", "null"], maxLength: 256, description: "The human the agent acts for." },
    tool: { type: "string", minLength: 1, maxLength: 256 },
    args: { description: "Arguments, validated against the tool's `args` schema." },
    reasoning: { type: "string", maxLength: 65536, description: "The agent's stated reason for the call." },
    context: { type: "object", description: "Facts added by the ingress; `context` in CEL." },
  },
} as const;

const risk = { enum: ["low", "medium", "high", "critical"] } as const;
const verdict = { enum: ["allow", "deny", "approve"] } as const;

export const DECISION_SCHEMA = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://warden.dev/schemas/decision.schema.json",
  title: "Decision",
  type: "object",
  additionalProperties: false,
  required: ["verdict", "rule_ids", "reasons", "obligations", "risk", "consumes"],
  properties: {
    verdict,
    rule_ids: { type: "array", items: { type: "string" }, description: "Ids of the rules (or warden.* checks) that decided." },
    reasons: {
      type: "array",
      items: { type: "object", additionalProperties: false, required: ["rule_id", "effect", "message"], properties: { rule_id: { type: "string" }, effect: verdict, message: { type: "string" } } },
    },
    obligations: {
      type: "object",
      additionalProperties: false,
      properties: { redact: { type: "array", items: { type: "string" } }, sandbox: { type: "boolean" }, timeout_ms: { type: "number" }, egress: { type: "array", items: { type: "string" } } },
    },
    risk,
    approval: {
      type: "object",
      additionalProperties: false,
      required: ["approvers", "groups", "timeout_ms"],
      properties: { approvers: { type: "integer", minimum: 1 }, groups: { type: "array", items: { type: "string" } }, timeout_ms: { type: "number" } },
    },
    consumes: {
      type: "object",
      additionalProperties: false,
      required: ["tool_calls", "cost_usd", "meters"],
      properties: { tool_calls: { type: "integer" }, cost_usd: { type: "number" }, meters: { type: "object", additionalProperties: { type: "number" } } },
    },
    provenance: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["pointer", "source", "detail"],
        properties: { pointer: { type: "string" }, source: { enum: ["request", "trusted", "untrusted", "none"] }, detail: { type: "string" }, step: { type: "integer" }, tool: { type: "string" } },
      },
    },
  },
} as const;
