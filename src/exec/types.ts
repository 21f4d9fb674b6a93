// The executor's contract with the gateway: one allowed call in, one result out, never a throw.
import type { EXEC_CODES } from "../core/errors/codes/exec.js";
import type { LookupFn } from "./egress/resolve.js";
import type { SecretProvider } from "./credentials/provider.js";
import type { BuiltinFn } from "./builtin/registry.js";

export type ExecErrorCode = keyof typeof EXEC_CODES;

export interface ExecRequest {
  tool: string;
  args: unknown;
  callId: string;
  /** From the decision's obligations (the policy's tool timeout); the tighter of this and the tool's own wins. */
  timeout_ms?: number;
  /** Allowlist from the decision's obligations; intersected with the adapter's own allowlist. */
  egress?: string[];
  /** The tool is declared idempotent in the policy. */
  idempotent: boolean;
  /** Retries are allowed only when `idempotent || idempotencyKey`; sent upstream as `Idempotency-Key`. */
  idempotencyKey?: string;
}

export type ExecResult =
  | { ok: true; output: unknown; bytes: number; attempts: number; duration_ms: number; masked: number; status?: number }
  | { ok: false; code: ExecErrorCode; message: string; attempts: number; duration_ms: number; retryable: boolean; status?: number };

export interface Executor {
  /** Run one allowed call. Never throws: failures come back as `{ ok: false }`. */
  execute(req: ExecRequest, signal?: AbortSignal): Promise<ExecResult>;
  /** Is an adapter configured for this tool. */
  has(tool: string): boolean;
  /** Close pooled upstream connections. In-flight calls should be aborted by their signals first. */
  close(): Promise<void>;
}

export interface ExecutorOptions {
  /** Where credential values come from; defaults to env/file per the `credentials` config. */
  secrets?: SecretProvider;
  /** DNS resolution; injectable for tests. Defaults to the system resolver (all addresses). */
  lookup?: LookupFn;
  /** Builtins for this executor, over the global registry (see registerBuiltin). */
  builtins?: Record<string, BuiltinFn>;
  /** PEM trust roots for HTTPS upstreams, replacing the system's (a private CA). Certificates are always verified. */
  ca?: string;
  /** Randomness for backoff jitter, in [0, 1). Defaults to Math.random. */
  random?: () => number;
}
