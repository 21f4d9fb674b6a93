// ExecError: a typed failure inside the execution layer. Adapters and builtins throw it; the executor
// turns it into an `{ ok: false }` result, so the gateway never sees a throw.
import { WardenError } from "../core/errors/index.js";
import type { ExecErrorCode } from "./types.js";

export class ExecError extends WardenError {
  declare readonly code: ExecErrorCode;
  /** Could trying again (same request) plausibly succeed? Drives retries and the agent's advice. */
  readonly retryable: boolean;
  /** Upstream HTTP status, when there was one. */
  readonly status: number | undefined;
  /** Retry-After from the upstream, in ms, when it sent one. */
  readonly retryAfterMs: number | undefined;

  constructor(code: ExecErrorCode, message: string, opts: { retryable?: boolean; status?: number; retryAfterMs?: number; cause?: unknown } = {}) {
    super(code, message, opts.cause === undefined ? {} : { cause: opts.cause });
    this.name = "ExecError";
    this.retryable = opts.retryable ?? false;
    this.status = opts.status;
    this.retryAfterMs = opts.retryAfterMs;
  }
}

export function isExecError(e: unknown): e is ExecError {
  return e instanceof ExecError;
}

/**
 * Any thrown value as an ExecError. SECURITY: the message of an unknown error is not passed through
 * (it may quote a URL with a credential, or a builtin's internals); only its class name is.
 */
export function toExecError(e: unknown, tool: string): ExecError {
  if (isExecError(e)) return e;
  const kind = e instanceof Error ? e.name : typeof e;
  return new ExecError("EXEC_TOOL_FAILED", `tool ${tool} failed unexpectedly (${kind}); the call did not complete. Check the gateway logs with the call id.`, { cause: e });
}
