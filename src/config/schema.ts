// warden.yaml: which policy, store, port, tools, credentials and telemetry a gateway uses.
import { CREDENTIALS_SCHEMA, TOOLS_EXEC_SCHEMA } from "../exec/config/schema.js";
const duration = { type: "string", pattern: "^[1-9][0-9]*(ms|s|m|h|d)$" } as const;

export const CONFIG_SCHEMA = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://warden.dev/schemas/config.schema.json",
  title: "Warden gateway configuration (warden.yaml)",
  type: "object",
  additionalProperties: false,
  properties: {
    host: { type: "string", description: "Address to listen on (default 127.0.0.1)." },
    port: { type: "integer", minimum: 0, maximum: 65535 },
    data: { type: "string", description: "Data directory (default ./.warden)." },
    policy: { type: "string", description: "Policy file; relative paths are relative to this file. Default: the bundled finance example." },
    demo: { type: "boolean", description: "Register the offline FinanceApp demo tools (default: true when no tools are configured)." },
    store: {
      type: "object",
      additionalProperties: false,
      properties: { kind: { enum: ["sqlite"] } },
    },
    audit: {
      type: "object",
      additionalProperties: false,
      properties: { durability: { enum: ["strict", "group"] } },
    },
    limits: {
      type: "object",
      additionalProperties: false,
      properties: {
        body_bytes: { type: "integer", minimum: 1024, maximum: 67108864 },
        request_timeout: duration,
        concurrency: {
          type: "object",
          additionalProperties: false,
          properties: { global: { type: "integer", minimum: 1 }, per_agent: { type: "integer", minimum: 1 } },
        },
      },
    },
    telemetry: {
      type: "object",
      additionalProperties: false,
      properties: {
        log_level: { enum: ["fatal", "error", "warn", "info", "debug", "trace", "silent"] },
        metrics: { type: "boolean" },
        otlp: {
          type: "object",
          additionalProperties: false,
          required: ["endpoint"],
          properties: { endpoint: { type: "string" }, headers: { type: "object", additionalProperties: { type: "string" } } },
        },
      },
    },
    control: {
      type: "object",
      additionalProperties: false,
      description: "Kill switch, breakers and budgets at run time (docs/runbooks/kill-switch.md).",
      properties: {
        alert_webhook: { type: "string", pattern: "^https?://", description: "POSTed a JSON alert on emergency stops, breaker trips and budget terminations." },
        poll: { ...duration, description: "How often a replica reads control changes (default 25ms)." },
        graceful_deadline: { ...duration, description: "How long a graceful stop lets in-flight calls finish before aborting them (default 30s)." },
      },
    },
    tools: { ...TOOLS_EXEC_SCHEMA, description: "Execution adapters per tool (see docs/execution.md)." },
    credentials: { ...CREDENTIALS_SCHEMA, description: "Where credentials come from (env or file); never their values." },
    approvals: {
      type: "object",
      additionalProperties: false,
      description: "Human approvals: groups, webhooks, escalation, decay, batching (see docs/approvals.md).",
      properties: {
        groups: { type: "object", additionalProperties: { type: "array", items: { type: "string", minLength: 1 } }, description: "Group name → user ids allowed to approve for it." },
        webhooks: {
          type: "object",
          additionalProperties: {
            type: "object",
            additionalProperties: false,
            required: ["url"],
            properties: { url: { type: "string", pattern: "^https?://" }, secret: { type: "string", minLength: 16 } },
          },
        },
        escalation: {
          type: "object",
          additionalProperties: false,
          properties: { after: { type: "number", exclusiveMinimum: 0, exclusiveMaximum: 1 }, group: { type: "string" } },
        },
        decay: {
          type: "object",
          additionalProperties: false,
          properties: { enabled: { type: "boolean" }, after: { type: "integer", minimum: 1 } },
        },
        batching: { type: "object", additionalProperties: false, properties: { window: duration } },
        token: { type: "object", additionalProperties: false, properties: { ttl: duration, secret: { type: "string", minLength: 32 } } },
        notify: { type: "object", additionalProperties: false, properties: { retries: { type: "integer", minimum: 0, maximum: 10 }, backoff: duration } },
        public_url: { type: "string", pattern: "^https?://" },
      },
    },
  },
} as const;
