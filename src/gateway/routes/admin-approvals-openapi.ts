// OpenAPI entries for /admin/approvals, generated from the schemas that validate the bodies.
import { APPROVE_APPROVAL, CANCEL_APPROVAL, DENY_APPROVAL, EXPLAIN_APPROVAL, RESET_DECAY } from "../http/schemas.js";

export const APPROVAL_SCHEMAS = { ApproveApproval: APPROVE_APPROVAL, DenyApproval: DENY_APPROVAL, ExplainApproval: EXPLAIN_APPROVAL, CancelApproval: CANCEL_APPROVAL, ResetDecay: RESET_DECAY };

type Err = (d: string) => object;
type Json = (schema: object) => object;

export function approvalPaths(security: object[], err: Err, json: Json) {
  const id = [{ name: "id", in: "path", required: true, schema: { type: "string" } }];
  const batch = [{ name: "batch", in: "path", required: true, schema: { type: "string" } }];
  const body = (name: string, required = true) => ({ required, ...json({ $ref: `#/components/schemas/${name}` }) });
  const decided = { "200": { description: "Decided; for the last required approval, the execution result status" }, "403": err("Wrong role, not in the approval's group, or the principal themself"), "404": err("No such approval (or another tenant's)"), "409": err("No longer pending, or this person already approved"), "422": err("Invalid body") };
  return {
    "/admin/approvals": {
      get: {
        summary: "Pending approvals (approver, operator, auditor), with batches",
        security,
        parameters: ["batch", "tool", "session", "agent"].map((n) => ({ name: n, in: "query", schema: { type: "string" } })),
        responses: { "200": { description: "Approvals and batches" } },
      },
    },
    "/admin/approvals/batches": { get: { summary: "Pending batches (same session and tool within the batching window)", security, responses: { "200": { description: "Batches" } } } },
    "/admin/approvals/batches/{batch}/approve": { post: { summary: "Approve every pending request of a batch", security, parameters: batch, requestBody: body("ApproveApproval", false), responses: { "200": { description: "One result per request" }, "404": err("No such pending batch") } } },
    "/admin/approvals/batches/{batch}/deny": { post: { summary: "Deny every pending request of a batch", security, parameters: batch, requestBody: body("DenyApproval"), responses: { "200": { description: "One result per request" }, "404": err("No such pending batch") } } },
    "/admin/approvals/decay/reset": { post: { summary: "Report an incident: progressive autonomy of the agent (and tool) starts over (operator)", security, requestBody: body("ResetDecay"), responses: { "200": { description: "Classes reset" } } } },
    "/admin/approvals/{id}": { get: { summary: "Full context of one request", security, parameters: id, responses: { "200": { description: "Context" }, "404": err("No such approval") } } },
    "/admin/approvals/{id}/outcome": { get: { summary: "What running the approved call produced (status only)", security, parameters: id, responses: { "200": { description: "Execution status" } } } },
    "/admin/approvals/{id}/approve": { post: { summary: "Approve (approver); the last required vote runs the frozen call", security, parameters: id, requestBody: body("ApproveApproval", false), responses: decided } },
    "/admin/approvals/{id}/deny": { post: { summary: "Deny with a reason returned to the agent (approver)", security, parameters: id, requestBody: body("DenyApproval"), responses: decided } },
    "/admin/approvals/{id}/explain": { post: { summary: "Ask the agent to explain; it may resubmit with in_reply_to (approver)", security, parameters: id, requestBody: body("ExplainApproval"), responses: decided } },
    "/admin/approvals/{id}/cancel": { post: { summary: "Cancel a pending request (operator)", security, parameters: id, requestBody: body("CancelApproval", false), responses: decided } },
  };
}
