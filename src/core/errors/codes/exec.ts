// Codes of the execution layer (src/exec): what happens once a call is allowed and must actually run.
// UPSTREAM_* = the tool's server misbehaved; EGRESS_* = Warden refused the destination;
// CREDENTIAL_* = a secret could not be loaded; EXEC_* = the executor itself; OUTPUT_* = response limits.
export const EXEC_CODES = {
  EXEC_INVALID_CONFIG: { summary: "The `tools` or `credentials` section of the configuration is invalid (schema, unknown builtin, undeclared credential)." },
  EXEC_NO_ADAPTER: { summary: "The policy allowed a tool that has no adapter (no `http` or `builtin`) in the `tools` configuration." },
  EXEC_BAD_ARGS: { summary: "The call's arguments cannot fill the tool's URL template (missing, not a scalar, or a dot segment)." },
  EXEC_REQUEST_TOO_LARGE: { summary: "The request body sent upstream would exceed the tool's `max_request_bytes`." },
  EXEC_ABORTED: { summary: "The call was cancelled while running (emergency stop, session ended, client gone)." },
  EXEC_TOOL_FAILED: { summary: "A built-in tool ran and reported a failure (unknown account, insufficient funds, ...)." },
  CREDENTIAL_MISSING: { summary: "A credential the tool declares could not be loaded: the env variable is unset or empty, or the file is unreadable." },
  EGRESS_DENIED: { summary: "The destination host is not in the tool's egress allowlist (or the decision's), or the scheme is not allowed." },
  EGRESS_PRIVATE_ADDRESS: { summary: "The destination resolves to a private, loopback, link-local, metadata or other non-public address." },
  EGRESS_TOO_MANY_REDIRECTS: { summary: "The upstream redirected more than 5 times." },
  UPSTREAM_TIMEOUT: { summary: "The tool did not answer within its timeout." },
  UPSTREAM_UNREACHABLE: { summary: "The tool's server could not be reached (DNS failure, connection refused or reset)." },
  UPSTREAM_HTTP_ERROR: { summary: "The tool's server answered with an HTTP error status." },
  UPSTREAM_BAD_RESPONSE: { summary: "The tool's server answered with a body that could not be read (invalid JSON for a JSON content type)." },
  OUTPUT_TOO_LARGE: { summary: "The tool's output exceeded `max_output_bytes`; reading stopped at the cap." },
} as const;
