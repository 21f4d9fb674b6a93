// JSON Schema of the policy's `guard:` section. Exported so the policy compiler can embed it in the policy
// schema; compileGuard() validates with it too, so a guard config never runs unvalidated.
import { INJECTION_PARAMS_SCHEMA } from "./injection/scanner.js";
import { PII_PARAMS_SCHEMA } from "./pii/scanner.js";
import { SECRETS_PARAMS_SCHEMA } from "./secrets/scanner.js";
import { OUTPUT_PARAMS_SCHEMA } from "./output/scanner.js";
import { PATTERN_PARAMS_SCHEMA } from "./pattern/scanner.js";

const checkpoint = { enum: ["pre_request", "pre_tool", "post_tool", "post_output"] } as const;
const action = { enum: ["allow", "label", "redact", "escalate", "block"] } as const;
// An action for every checkpoint, or one per checkpoint with a `default`.
const actionSpec = {
  oneOf: [
    action,
    {
      type: "object",
      additionalProperties: false,
      properties: {
        default: action,
        pre_request: action,
        pre_tool: action,
        post_tool: action,
        post_output: action,
      },
    },
  ],
} as const;
const findingType = { type: "string", pattern: "^(\\*|[a-z][a-z0-9_]{0,63})$" } as const;
const label = { type: "string", pattern: "^[A-Za-z0-9_.:-]{1,64}$" } as const;

const paramsFor = (use: string, schema: object) => ({
  if: { properties: { use: { const: use } } },
  then: { properties: { params: schema } },
});

export const GUARD_SCANNER_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["id", "use"],
  properties: {
    id: { type: "string", pattern: "^[A-Za-z0-9_.-]{1,64}$" },
    use: { enum: ["injection", "pii", "secrets", "output", "pattern"] },
    checkpoints: { type: "array", items: checkpoint, minItems: 1, uniqueItems: true },
    params: { type: "object" },
    /** Finding type (or "*") -> action. */
    actions: { type: "object", propertyNames: findingType, additionalProperties: actionSpec },
    /** Finding type (or "*") -> labels raised on the session when such a finding is not allowed. */
    labels: {
      type: "object",
      propertyNames: findingType,
      additionalProperties: { type: "array", items: label, uniqueItems: true },
    },
    fail_open: { type: "boolean" },
    budget_ms: { type: "number", exclusiveMinimum: 0, maximum: 60000 },
    max_input_chars: { type: "integer", minimum: 1 },
  },
  allOf: [
    paramsFor("injection", INJECTION_PARAMS_SCHEMA),
    paramsFor("pii", PII_PARAMS_SCHEMA),
    paramsFor("secrets", SECRETS_PARAMS_SCHEMA),
    paramsFor("output", OUTPUT_PARAMS_SCHEMA),
    {
      if: { properties: { use: { const: "pattern" } } },
      then: { required: ["params"], properties: { params: PATTERN_PARAMS_SCHEMA } },
    },
  ],
} as const;

export const GUARD_POLICY_SCHEMA = {
  $id: "https://warden.dev/schemas/guard.schema.json",
  type: "object",
  additionalProperties: false,
  properties: {
    /** When absent, the default scanner set (see defaults.ts) runs. */
    scanners: { type: "array", items: GUARD_SCANNER_SCHEMA },
  },
} as const;
