export { CALL_SCHEMA, DECISION_SCHEMA } from "./call.js";
export { POLICY_TEST_SCHEMA, SESSION_SPEC_SCHEMA } from "./test-file.js";
export { SESSION_SCHEMA } from "./session.js";
