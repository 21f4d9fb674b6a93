// What the gateway's audit log masks before anything is hashed or stored: credential-like keys (the audit
// layer's default) plus the guardrails' secret and PII formats, applied to the payload fields only (ids and
// hashes in the header are not personal data and must stay exact).
import { redactValue } from "../core/index.js";
import { composeRedactors, defaultRedactor, type Redactor } from "../audit/index.js";

const payloadRedactor: Redactor = (d) => ({
  ...d,
  tool_input: redactValue(d.tool_input),
  tool_output: redactValue(d.tool_output),
  llm_reasoning: d.llm_reasoning === null ? null : redactValue(d.llm_reasoning),
  details: redactValue(d.details),
});

export const gatewayRedactor: Redactor = composeRedactors(defaultRedactor, payloadRedactor);
