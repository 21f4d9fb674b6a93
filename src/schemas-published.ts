// The JSON Schemas Warden publishes for editors and integrators, by file name.
import { CALL_SCHEMA, DECISION_SCHEMA, POLICY_SCHEMA, POLICY_TEST_SCHEMA, SESSION_SCHEMA } from "./core/index.js";

export function publishedSchemas(): Record<string, unknown> {
  return {
    "policy.schema.json": POLICY_SCHEMA,
    "call.schema.json": CALL_SCHEMA,
    "decision.schema.json": DECISION_SCHEMA,
    "policy-test.schema.json": POLICY_TEST_SCHEMA,
    "session.schema.json": SESSION_SCHEMA,
  };
}
