// One error envelope for every refusal that is not a decision: {error: {code, message, correlation_id}}.
// HTTP status is chosen here, at the edge, from the stable code.
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ErrorCode } from "../../core/errors/index.js";

const STATUS: Partial<Record<ErrorCode, ContentfulStatusCode>> = {
  AUTH_MISSING: 401,
  AUTH_INVALID: 401,
  AUTH_FORBIDDEN: 403,
  REQUEST_INVALID: 422,
  SESSION_BUDGET_LOOSER: 422,
  REQUEST_TOO_LARGE: 413,
  NOT_FOUND: 404,
  SESSION_CONFLICT: 409,
  OVERLOADED: 429,
  POLICY_NOT_LOADED: 503,
  INTERNAL: 500,
};

export function statusFor(code: ErrorCode): ContentfulStatusCode {
  if (code.startsWith("UPSTREAM_") || code.startsWith("EGRESS_") || code === "OUTPUT_TOO_LARGE") return 502;
  if (code.startsWith("AUDIT_") || code.startsWith("STORE_")) return 503;
  return STATUS[code] ?? 400;
}

export function errorBody(c: Context, code: ErrorCode, message: string, details?: unknown) {
  return { error: { code, message, correlation_id: c.get("correlationId") as string, ...(details !== undefined ? { details } : {}) } };
}

export function fail(c: Context, code: ErrorCode, message: string, opts: { status?: ContentfulStatusCode; details?: unknown; headers?: Record<string, string> } = {}) {
  for (const [k, v] of Object.entries(opts.headers ?? {})) c.header(k, v);
  return c.json(errorBody(c, code, message, opts.details), opts.status ?? statusFor(code));
}
