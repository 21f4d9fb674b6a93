// JSON Schemas of the `credentials` and `tools` sections of warden.yaml. Exported so the config loader
// validates them (with located errors) as part of the whole file; createExecutor validates again, so an
// executor never runs on an unvalidated config.

const DURATION = { oneOf: [{ type: "string", pattern: "^[1-9][0-9]*(ms|s|m|h|d)$" }, { type: "integer", minimum: 1 }] } as const;
const NAME = { type: "string", pattern: "^[A-Za-z_][A-Za-z0-9_.-]{0,63}$" } as const;
/** A host (`api.example.com`, `*.example.com`, `*` = any public host) or an IP literal. */
const HOST_PATTERN = { type: "string", minLength: 1, maxLength: 253, pattern: "^(\\*|(\\*\\.)?[A-Za-z0-9_.:\\[\\]-]+)$" } as const;

export const CREDENTIAL_SCHEMA = {
  oneOf: [
    { type: "object", additionalProperties: false, required: ["env"], properties: { env: { type: "string", pattern: "^[A-Za-z_][A-Za-z0-9_]*$" } } },
    { type: "object", additionalProperties: false, required: ["file"], properties: { file: { type: "string", minLength: 1 } } },
  ],
} as const;

export const CREDENTIALS_SCHEMA = {
  type: "object",
  propertyNames: NAME,
  additionalProperties: CREDENTIAL_SCHEMA,
} as const;

export const HTTP_ADAPTER_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["url"],
  properties: {
    method: { enum: ["GET", "POST", "PUT", "PATCH", "DELETE"] },
    /** `{name}` = URL-encoded top-level arg; `${credential:name}` = a declared credential. Path and query only. */
    url: { type: "string", pattern: "^https?://" },
    headers: { type: "object", propertyNames: { type: "string", pattern: "^[A-Za-z0-9!#$%&'*+.^_`|~-]+$" }, additionalProperties: { type: "string" } },
    /** `args`: the call's args as a JSON body (default for POST/PUT/PATCH); `none`: no body. */
    body: { enum: ["args", "none"] },
    /** Further hosts this tool may reach (redirect targets); the URL's own host is always included. */
    egress: { type: "array", items: HOST_PATTERN, uniqueItems: true },
  },
} as const;

export const RETRIES_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: {
    max: { type: "integer", minimum: 0, maximum: 10 },
    base: DURATION,
    max_delay: DURATION,
  },
} as const;

export const TOOL_EXEC_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: {
    http: HTTP_ADAPTER_SCHEMA,
    /** A function registered with registerBuiltin (e.g. `demo.read_account`). */
    builtin: { type: "string", minLength: 1 },
    /** The only credentials this tool may use. */
    credentials: { type: "array", items: NAME, uniqueItems: true },
    retries: RETRIES_SCHEMA,
    /** Whole-call timeout (all attempts and backoff); the decision's timeout can only tighten it. */
    timeout: DURATION,
    /** Per-attempt timeout; a timed-out attempt of a retryable call is retried while time remains. */
    attempt_timeout: DURATION,
    max_output_bytes: { type: "integer", minimum: 1, maximum: 1073741824 },
    max_request_bytes: { type: "integer", minimum: 1, maximum: 1073741824 },
    /** `true`: private addresses allowed (cloud metadata still refused); a list: CIDRs, IPs or hosts allowed. */
    allow_private: { oneOf: [{ type: "boolean" }, { type: "array", items: { type: "string", minLength: 1 }, uniqueItems: true }] },
  },
  oneOf: [{ required: ["http"] }, { required: ["builtin"] }],
} as const;

export const TOOLS_EXEC_SCHEMA = {
  type: "object",
  propertyNames: NAME,
  additionalProperties: TOOL_EXEC_SCHEMA,
} as const;

/** The `credentials` and `tools` parts of warden.yaml, as one object. */
export const EXEC_CONFIG_SCHEMA = {
  $id: "https://warden.dev/schemas/exec.schema.json",
  type: "object",
  additionalProperties: false,
  properties: {
    credentials: CREDENTIALS_SCHEMA,
    tools: TOOLS_EXEC_SCHEMA,
  },
} as const;
