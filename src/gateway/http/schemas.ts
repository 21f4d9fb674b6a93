// Request schemas: they validate bodies and generate the OpenAPI description, so the two never drift.
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";

const budgets = {
  type: "object",
  additionalProperties: false,
  properties: {
    tool_calls: { type: "integer", minimum: 0 },
    cost_usd: { type: "number", minimum: 0 },
    tokens: { type: "integer", minimum: 0 },
    wall_time: { type: "string", pattern: "^[1-9][0-9]*(ms|s|m|h|d)$" },
    meters: { type: "object", additionalProperties: { type: "number", minimum: 0 } },
  },
} as const;

export const CREATE_SESSION = {
  type: "object",
  additionalProperties: false,
  required: ["task"],
  properties: {
    task: { type: "string", minLength: 1, maxLength: 128 },
    principal: { type: ["string", "null"], maxLength: 256, description: "The user the agent acts for." },
    request: { type: "string", maxLength: 65536, description: "The principal's own request (trusted input for provenance)." },
    context: { type: "object" },
    budgets,
  },
} as const;

export const CREATE_CALL = {
  type: "object",
  additionalProperties: false,
  required: ["tool"],
  properties: {
    tool: { type: "string", minLength: 1, maxLength: 256 },
    args: { description: "Arguments; validated against the tool's schema by the policy." },
    reasoning: { type: "string", maxLength: 65536 },
    idempotency_key: { type: "string", minLength: 1, maxLength: 256 },
    in_reply_to: { type: "string", minLength: 1, maxLength: 128, description: "Resubmitting after an approver asked to explain: the id of that approval." },
  },
} as const;

// Approvers' and operators' actions on approvals (docs/approvals.md).
export const APPROVE_APPROVAL = { type: "object", additionalProperties: false, properties: { comment: { type: "string", maxLength: 2000 } } } as const;
export const DENY_APPROVAL = { type: "object", additionalProperties: false, required: ["reason"], properties: { reason: { type: "string", minLength: 1, maxLength: 2000, description: "Returned to the agent." } } } as const;
export const EXPLAIN_APPROVAL = { type: "object", additionalProperties: false, required: ["question"], properties: { question: { type: "string", minLength: 1, maxLength: 2000, description: "What the agent should explain before resubmitting." } } } as const;
export const CANCEL_APPROVAL = { type: "object", additionalProperties: false, properties: { reason: { type: "string", minLength: 1, maxLength: 2000 } } } as const;
export const RESET_DECAY = { type: "object", additionalProperties: false, required: ["agent"], properties: { agent: { type: "string", minLength: 1 }, tool: { type: "string", minLength: 1 }, reason: { type: "string", maxLength: 2000 } } } as const;

export const CREATE_AGENT_KEY = {
  type: "object",
  additionalProperties: false,
  required: ["agent"],
  properties: { agent: { type: "string", minLength: 1, maxLength: 128 }, label: { type: "string", maxLength: 256 } },
} as const;

const ajv = new Ajv2020({ allErrors: true, strict: false });
const cache = new Map<object, ValidateFunction>();

/** Validate; returns a message naming each problem, or null. */
export function check(schema: object, value: unknown): string | null {
  let v = cache.get(schema);
  if (!v) cache.set(schema, (v = ajv.compile(schema)));
  if (v(value)) return null;
  return (v.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || "body"} ${e.message}${e.keyword === "additionalProperties" ? ` (\`${String((e.params as { additionalProperty: string }).additionalProperty)}\`)` : ""}`).join("; ");
}
