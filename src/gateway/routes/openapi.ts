// OpenAPI 3.1 description generated from the schemas that validate requests.
import { Hono } from "hono";
import { CALL_SCHEMA, DECISION_SCHEMA } from "../../core/index.js";
import { CREATE_AGENT_KEY, CREATE_CALL, CREATE_SESSION } from "../http/schemas.js";
import { DRILL, KILL, RESUME, USAGE } from "./admin-control.js";
import { approvalPaths, APPROVAL_SCHEMAS } from "./admin-approvals-openapi.js";

const errorEnvelope = {
  type: "object",
  required: ["error"],
  properties: { error: { type: "object", required: ["code", "message", "correlation_id"], properties: { code: { type: "string" }, message: { type: "string" }, correlation_id: { type: "string" }, details: {} } } },
};

const json = (schema: object) => ({ content: { "application/json": { schema } } });
const err = (description: string) => ({ description, ...json({ $ref: "#/components/schemas/Error" }) });

export function openApiDocument() {
  const agentAuth = [{ agentKey: [] }];
  const personAuth = [{ personToken: [] }];
  return {
    openapi: "3.1.0",
    info: { title: "Warden gateway", version: "0.1.0", description: "Governed tool calls for AI agents: every call decided, recorded, and executed with least privilege." },
    components: {
      securitySchemes: { agentKey: { type: "http", scheme: "bearer", description: "Agent API key (warden agents create)" }, personToken: { type: "http", scheme: "bearer", description: "Person token with a role (warden tokens create)" } },
      schemas: { Error: errorEnvelope, Decision: DECISION_SCHEMA, Call: CALL_SCHEMA, CreateSession: CREATE_SESSION, CreateCall: CREATE_CALL, CreateAgentKey: CREATE_AGENT_KEY, ...APPROVAL_SCHEMAS },
    },
    paths: {
      "/v1/sessions": { post: { summary: "Start a session for a task", security: agentAuth, requestBody: { required: true, ...json({ $ref: "#/components/schemas/CreateSession" }) }, responses: { "201": { description: "Session created" }, "401": err("Not authenticated"), "422": err("Invalid request or looser budgets") } } },
      "/v1/sessions/{id}": {
        get: { summary: "Session status", security: agentAuth, responses: { "200": { description: "Session" }, "404": err("No such session") } },
        delete: { summary: "End a session", security: agentAuth, responses: { "200": { description: "Ended" }, "404": err("No such session") } },
      },
      "/v1/sessions/{id}/tools": { get: { summary: "Granted tools with their JSON Schemas", security: agentAuth, responses: { "200": { description: "Tool list" }, "404": err("No such session") } } },
      "/v1/sessions/{id}/calls": {
        post: {
          summary: "Make a governed tool call",
          security: agentAuth,
          requestBody: { required: true, ...json({ $ref: "#/components/schemas/CreateCall" }) },
          responses: { "200": { description: "Allowed and executed" }, "202": { description: "Held for human approval; wait on the approval" }, "403": { description: "Denied: verdict, rule ids and reasons" }, "409": err("Idempotency key in use"), "422": err("Invalid request"), "429": err("Agent over its concurrency share"), "502": err("Tool failed"), "503": err("Gateway at capacity or audit unavailable") },
        },
      },
      "/v1/approvals/{id}/wait": { get: { summary: "Wait for a human's answer", security: agentAuth, parameters: [{ name: "timeout", in: "query", schema: { type: "string", default: "30s" } }], responses: { "200": { description: "pending, denied, expired, cancelled or executed" }, "404": err("No such approval") } } },
      "/admin/policy": { get: { summary: "Loaded policy and last reload error", security: personAuth, responses: { "200": { description: "Status" } } } },
      "/admin/policy/reload": { post: { summary: "Reload the policy file", security: personAuth, responses: { "200": { description: "Reloaded" }, "422": err("Refused; the old policy keeps serving") } } },
      "/admin/agents/keys": { post: { summary: "Create an agent API key", security: personAuth, requestBody: { required: true, ...json({ $ref: "#/components/schemas/CreateAgentKey" }) }, responses: { "201": { description: "Key (shown once)" } } } },
      "/admin/credentials/{id}": { delete: { summary: "Revoke a credential", security: personAuth, responses: { "200": { description: "Revoked" } } } },
      ...approvalPaths(personAuth, err, json),
      "/admin/control": { get: { summary: "Kill switch state: halts, paused agents, open circuits", security: personAuth, responses: { "200": { description: "Control state" } } } },
      "/admin/control/kill": { post: { summary: "Stop a scope (graceful or emergency)", security: personAuth, requestBody: { required: true, ...json(KILL) }, responses: { "200": { description: "Halted (emergency, or graceful with wait)" }, "202": { description: "Graceful stop draining" }, "403": err("Role or tenant does not allow it"), "422": err("Invalid request") } } },
      "/admin/control/resume": { post: { summary: "Lift a halt or a breaker's pause (operators; audited)", security: personAuth, requestBody: { required: true, ...json(RESUME) }, responses: { "200": { description: "Resumed" }, "409": err("Nothing halted at that scope") } } },
      "/admin/control/drills": { post: { summary: "Record a kill-switch drill report in the audit log", security: personAuth, requestBody: { required: true, ...json(DRILL) }, responses: { "201": { description: "Recorded" } } } },
      "/v1/sessions/{id}/usage": { post: { summary: "Report token and cost usage of the session's model calls", security: agentAuth, requestBody: { required: true, ...json(USAGE) }, responses: { "200": { description: "Counted; says whether the session was terminated" }, "404": err("No such session") } } },
      "/admin/sessions/{id}": { get: { summary: "Inspect a session", security: personAuth, responses: { "200": { description: "Session" } } } },
      "/healthz": { get: { summary: "Liveness", responses: { "200": { description: "Alive" } } } },
      "/readyz": { get: { summary: "Readiness", responses: { "200": { description: "Ready" }, "503": { description: "Not ready" } } } },
      "/metrics": { get: { summary: "Prometheus metrics", responses: { "200": { description: "Metrics" } } } },
    },
  };
}

export function openApiRoutes() {
  const app = new Hono();
  const doc = openApiDocument();
  app.get("/openapi.json", (c) => c.json(doc));
  return app;
}
