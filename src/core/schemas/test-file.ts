export const SESSION_SPEC_SCHEMA = {
  type: "object",
  additionalProperties: false,
  description: "A session described by what happened in it; Warden builds the Session value by observing each step.",
  properties: {
    id: { type: "string" },
    principal: { type: ["string", "null"] },
    tenant: { type: "string" },
    request: { type: "string", description: "The principal's own words (trusted input)." },
    labels: { type: "array", items: { type: "string" } },
    started_at: { type: ["string", "number"] },
    steps: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["tool"],
        properties: { tool: { type: "string" }, args: {}, output: {}, at: { type: ["string", "number"] }, executed: { type: "boolean" }, labels: { type: "array", items: { type: "string" } } },
      },
    },
  },
} as const;

export const POLICY_TEST_SCHEMA = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://warden.dev/schemas/policy-test.schema.json",
  title: "Policy test file (*.test.yaml)",
  type: "object",
  additionalProperties: false,
  required: ["cases"],
  properties: {
    policy: { type: "string", description: "Policy file, relative to this file. Default: policy.yaml beside it." },
    cases: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        additionalProperties: false,
        required: ["name", "call", "want"],
        properties: {
          name: { type: "string", minLength: 1 },
          call: {
            type: "object",
            additionalProperties: false,
            required: ["agent", "task", "tool"],
            properties: { agent: { type: "string" }, task: { type: "string" }, principal: { type: ["string", "null"] }, tool: { type: "string" }, args: {}, reasoning: { type: "string" }, context: { type: "object" } },
          },
          session: SESSION_SPEC_SCHEMA,
          now: { type: ["string", "number"], description: "ISO 8601 time or epoch milliseconds." },
          want: {
            type: "object",
            additionalProperties: false,
            required: ["verdict"],
            properties: {
              verdict: { enum: ["allow", "deny", "approve"] },
              rule_ids: { type: "array", items: { type: "string" }, description: "Every id listed must be among the deciding rule ids." },
              approvers: { type: "integer", minimum: 1 },
              risk: { enum: ["low", "medium", "high", "critical"] },
            },
          },
        },
      },
    },
  },
} as const;
