// JSON Schema of the policy language, version 1. It validates documents when they load and is published
// as docs/schemas/policy.schema.json for editors (scripts/gen-schemas.ts writes it; a test keeps it fresh).

const id = { type: "string", pattern: "^[A-Za-z0-9_.:-]{1,128}$" } as const;
const name = { type: "string", pattern: "^[A-Za-z0-9_.:/-]{1,128}$" } as const;
// Lists of names may use "*" for every declared tool.
const names = { type: "array", items: { type: "string", pattern: "^(\\*|[A-Za-z0-9_.:/-]{1,128})$" }, uniqueItems: true } as const;
const duration = { type: "string", pattern: "^[1-9][0-9]*(ms|s|m|h|d)$" } as const;
const cel = { type: "string", minLength: 1, maxLength: 8192 } as const;
const money = { type: "number", minimum: 0 } as const;

const obligations = {
  redact: { type: "array", items: { type: "string" } },
  sandbox: { type: "boolean" },
  timeout: duration,
  egress: { type: "array", items: { type: "string" } },
} as const;

const approveSpec = {
  type: "object",
  additionalProperties: false,
  properties: {
    approvers: { type: "integer", minimum: 1, maximum: 10 },
    group: name,
    groups: names,
    timeout: duration,
  },
} as const;

const limits = {
  type: "object",
  additionalProperties: false,
  properties: {
    tool_calls: { type: "integer", minimum: 0 },
    cost_usd: money,
    tokens: { type: "integer", minimum: 0 },
    wall_time: duration,
    meters: { type: "object", additionalProperties: money },
  },
} as const;

// What a flow or a sequence does when it applies: deny (with a message) or hold for approval.
const flowThen = { oneOf: [{ enum: ["deny", "approve"] }, { type: "object", additionalProperties: false, properties: { deny: { type: "string" }, approve: { oneOf: [{ const: true }, approveSpec] } } }] } as const;

export const POLICY_SCHEMA = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://warden.dev/schemas/policy.schema.json",
  title: "Warden policy (version 1)",
  type: "object",
  additionalProperties: false,
  required: ["version", "tools"],
  properties: {
    version: { const: 1 },
    description: { type: "string" },
    tools: {
      type: "object",
      propertyNames: name,
      additionalProperties: {
        type: "object",
        additionalProperties: false,
        required: ["tier"],
        properties: {
          tier: { enum: ["read_only", "write_limited", "write_broad", "code_exec", "destructive"] },
          description: { type: "string" },
          bulk: { type: "boolean" },
          reads: { type: "array", items: { type: "string" } },
          writes: { type: "array", items: { type: "string" } },
          effect: { type: "string" },
          labels: { type: "array", items: { type: "string" } },
          sink: { enum: ["external", "internal"] },
          egress: { type: "array", items: { type: "string" } },
          args: { type: ["object", "boolean"] },
          output: { type: ["object", "boolean"] },
          timeout: duration,
          idempotent: { type: "boolean" },
          cost_usd: money,
          facts: {
            type: "object",
            propertyNames: name,
            additionalProperties: {
              type: "object",
              additionalProperties: false,
              required: ["value"],
              properties: { key: cel, value: cel, description: { type: "string" } },
            },
          },
        },
      },
    },
    tasks: { type: "object", propertyNames: name, additionalProperties: names },
    roles: {
      type: "object",
      propertyNames: name,
      additionalProperties: {
        type: "object",
        additionalProperties: false,
        required: ["tools"],
        properties: { description: { type: "string" }, tools: names },
      },
    },
    agents: {
      type: "object",
      propertyNames: name,
      additionalProperties: {
        type: "object",
        additionalProperties: false,
        required: ["tenant", "roles"],
        properties: {
          description: { type: "string" },
          tenant: name,
          roles: names,
          zone: name,
        },
      },
    },
    approvals: {
      type: "object",
      additionalProperties: false,
      properties: { group: name, timeout: duration },
    },
    rules: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["id", "when", "then"],
        properties: {
          id,
          description: { type: "string" },
          tools: names,
          when: cel,
          risk: { enum: ["low", "medium", "high", "critical"] },
          then: {
            oneOf: [
              { enum: ["allow", "deny", "approve"] },
              {
                type: "object",
                additionalProperties: false,
                properties: {
                  allow: { const: true },
                  deny: { type: "string", minLength: 1 },
                  approve: { oneOf: [{ const: true }, approveSpec] },
                  ...obligations,
                },
              },
            ],
          },
        },
      },
    },
    flows: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["id", "when_session_has", "then"],
        properties: {
          id,
          description: { type: "string" },
          when_session_has: { type: "array", items: { type: "string" }, minItems: 1 },
          sinks: { enum: ["external", "internal", "any"] },
          tools: names,
          unless: cel,
          then: flowThen,
        },
      },
    },
    sequences: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["id", "steps", "then"],
        properties: {
          id,
          description: { type: "string" },
          steps: { type: "array", items: name, minItems: 2 },
          within: duration,
          then: flowThen,
        },
      },
    },
    meters: {
      type: "object",
      propertyNames: name,
      additionalProperties: {
        type: "object",
        additionalProperties: false,
        required: ["value"],
        properties: { tools: names, value: cel, description: { type: "string" } },
      },
    },
    budgets: {
      type: "object",
      additionalProperties: false,
      properties: { session: limits, agent: limits, tenant: limits },
    },
    rate_limits: {
      type: "object",
      propertyNames: name,
      additionalProperties: {
        oneOf: [
          { type: "string" },
          {
            type: "object",
            additionalProperties: false,
            required: ["limit"],
            properties: { limit: { type: "string" }, per: { enum: ["session", "agent", "tenant"] } },
          },
        ],
      },
    },
    guard: { type: "object" },
    breakers: breakers(),
  },
} as const;

// Circuit breakers (seed 002 §4): thresholds for automatic pauses; `false` turns one off.
function breakers() {
  const off = { const: false } as const;
  const obj = (properties: Record<string, unknown>) => ({ oneOf: [off, { type: "object", additionalProperties: false, properties }] });
  const pos = { type: "number", exclusiveMinimum: 0 } as const;
  const count = { type: "integer", minimum: 1 } as const;
  return {
    type: "object",
    additionalProperties: false,
    properties: {
      rate_spike: obj({ factor: pos, window: duration, min_rate: pos, alpha: { type: "number", exclusiveMinimum: 0, maximum: 1 } }),
      consecutive_failures: obj({ max: count }),
      unusual_tool: obj({ learn_sessions: count }),
      data_volume: obj({ factor: pos, min_bytes: count, alpha: { type: "number", exclusiveMinimum: 0, maximum: 1 } }),
      pending_approvals: obj({ max: count }),
      tools: obj({ failures: count, cooldown: duration }),
      confidence_markers: { oneOf: [off, { type: "array", items: { type: "string", minLength: 2, maxLength: 200 }, maxItems: 200 }] },
    },
  } as const;
}
