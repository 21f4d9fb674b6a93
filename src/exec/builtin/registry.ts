// Built-in tools: in-process functions registered by name (`builtin: demo.read_account` in config).
// They run under the same timeout, abort, output cap and secret masking as HTTP tools.

export interface BuiltinContext {
  callId: string;
  /** Aborted on timeout or emergency stop; long-running builtins should watch it. */
  signal: AbortSignal;
  /** The decision's egress allowlist, for builtins that reach out (or pretend to). */
  egress: readonly string[] | undefined;
  idempotencyKey: string | undefined;
  /** A credential the tool declares (undefined for any other name). */
  secret(name: string): string | undefined;
}

/** Returns any JSON-serialisable value; throw an ExecError (e.g. EXEC_TOOL_FAILED) to fail the call. */
export type BuiltinFn = (args: unknown, ctx: BuiltinContext) => unknown;

const GLOBAL = new Map<string, BuiltinFn>();

/** Register a builtin for every executor created afterwards (an executor's own `builtins` win). */
export function registerBuiltin(name: string, fn: BuiltinFn): void {
  GLOBAL.set(name, fn);
}

export function unregisterBuiltin(name: string): boolean {
  return GLOBAL.delete(name);
}

export function lookupBuiltin(name: string, local: Record<string, BuiltinFn> | undefined): BuiltinFn | undefined {
  if (local && Object.prototype.hasOwnProperty.call(local, name)) return local[name];
  return GLOBAL.get(name);
}
