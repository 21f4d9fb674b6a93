// The executor: one allowed call → credentials loaded → adapter attempts under a deadline, with bounded
// retries → a result. It never throws; every failure is an `{ ok: false }` with a stable code.
import { performance } from "node:perf_hooks";
import { ExecError, toExecError } from "./errors.js";
import { compileExecConfig, DEFAULTS, type CompiledTool } from "./config/compile.js";
import type { ExecConfig } from "./config/types.js";
import { createConfigSecretProvider, type SecretProvider } from "./credentials/provider.js";
import { secretNeedles } from "./credentials/mask.js";
import { systemLookup } from "./egress/resolve.js";
import { AgentPool } from "./http/agents.js";
import { httpAttempt } from "./http/adapter.js";
import { builtinAttempt } from "./builtin/adapter.js";
import { backoffDelay, sleep } from "./retry/backoff.js";
import type { AttemptContext, AttemptOutput } from "./adapter.js";
import type { ExecRequest, ExecResult, Executor, ExecutorOptions } from "./types.js";

interface Signals {
  caller: AbortSignal | undefined;
  /** The call's own timeout fired. */
  timedOut: boolean;
  attempt: AbortSignal | undefined;
}

/** Name why an attempt stopped: an emergency stop beats the deadline, which beats the attempt's own timeout. */
function classify(e: unknown, tool: string, s: Signals): ExecError {
  if (s.caller?.aborted) return new ExecError("EXEC_ABORTED", `tool ${tool}: the call was cancelled (emergency stop or session ended); it may have partially run upstream.`);
  if (s.timedOut) return new ExecError("UPSTREAM_TIMEOUT", `tool ${tool}: no answer within the call's timeout; retry later or raise the tool's timeout.`, { retryable: true });
  if (s.attempt?.aborted) return new ExecError("UPSTREAM_TIMEOUT", `tool ${tool}: an attempt got no answer within attempt_timeout.`, { retryable: true });
  return toExecError(e, tool);
}

function effectiveTimeout(t: CompiledTool, req: ExecRequest): number {
  // The smaller of the positive limits given, else the default (no arrays: this runs on every call).
  const a = typeof t.timeout_ms === "number" && t.timeout_ms > 0 ? t.timeout_ms : undefined;
  const b = typeof req.timeout_ms === "number" && req.timeout_ms > 0 ? req.timeout_ms : undefined;
  if (a === undefined) return b ?? DEFAULTS.timeout_ms;
  return b === undefined ? a : Math.min(a, b);
}

async function loadSecrets(t: CompiledTool, provider: SecretProvider): Promise<Map<string, string>> {
  const m = new Map<string, string>();
  // INVARIANT: only the credentials this tool declares are ever loaded for it.
  for (const name of t.credentials) m.set(name, await provider.get(name));
  return m;
}

export function createExecutor(config: ExecConfig, opts: ExecutorOptions = {}): Executor {
  const tools = compileExecConfig(config, opts.builtins);
  const secrets = opts.secrets ?? createConfigSecretProvider(config.credentials ?? {});
  const lookup = opts.lookup ?? systemLookup;
  const random = opts.random ?? Math.random;
  const pool = new AgentPool(opts.ca);

  const attempt = (t: CompiledTool, ctx: AttemptContext, signal: AbortSignal): Promise<AttemptOutput> => {
    if (t.http) return httpAttempt(t.http, ctx, signal);
    if (t.builtin) return builtinAttempt(t.builtin, ctx, signal);
    throw new ExecError("EXEC_NO_ADAPTER", `tool ${t.name} has no adapter.`);
  };

  async function execute(req: ExecRequest, signal?: AbortSignal): Promise<ExecResult> {
    const started = performance.now();
    let attempts = 0;
    const done = (e: ExecError): ExecResult => ({
      ok: false, code: e.code, message: e.message, attempts, duration_ms: performance.now() - started, retryable: e.retryable, ...(e.status === undefined ? {} : { status: e.status }),
    });
    const t = tools.get(req.tool);
    if (!t) return done(new ExecError("EXEC_NO_ADAPTER", `tool ${req.tool} has no adapter under \`tools\` in warden.yaml; add an http or builtin entry for it. The call did not run.`));
    const timeout = effectiveTimeout(t, req);
    const deadlineAt = performance.now() + timeout;
    const s: Signals = { caller: signal, timedOut: false, attempt: undefined };
    // One controller for the call, aborted by its timeout or by the caller. AbortSignal.timeout plus
    // AbortSignal.any cost two more signals per call, and creating signals is slow on Node 20.
    const ctl = new AbortController();
    const callSignal = ctl.signal;
    const timer = setTimeout(() => {
      s.timedOut = true;
      ctl.abort(new DOMException("The operation was aborted due to timeout", "TimeoutError"));
    }, timeout);
    const onCaller = () => ctl.abort(signal?.reason);
    if (signal?.aborted) onCaller();
    else signal?.addEventListener("abort", onCaller, { once: true });
    // Retrying a call that may have had effects is only safe when repeating it cannot double them.
    const mayRetry = req.idempotent || Boolean(req.idempotencyKey);
    try {
      if (callSignal.aborted) throw callSignal.reason;
      // A tool without credentials (the common case) skips the loader's await and the needle set.
      const values = t.credentials.length === 0 ? new Map<string, string>() : await loadSecrets(t, secrets);
      const ctx: AttemptContext = { req, secrets: values, needles: values.size === 0 ? [] : secretNeedles(values.values()), maxOutputBytes: t.max_output_bytes, lookup, pool };
      for (;;) {
        attempts++;
        s.attempt = t.attempt_timeout_ms ? AbortSignal.any([callSignal, AbortSignal.timeout(t.attempt_timeout_ms)]) : undefined;
        let err: ExecError;
        try {
          const r = await attempt(t, ctx, s.attempt ?? callSignal);
          return { ok: true, output: r.output, bytes: r.bytes, attempts, duration_ms: performance.now() - started, masked: r.masked, ...(r.status === undefined ? {} : { status: r.status }) };
        } catch (e) {
          err = classify(e, req.tool, s);
        }
        // INVARIANT: retries are bounded, and never for a call that is not idempotent and has no key.
        if (!mayRetry || !err.retryable || attempts > t.retries.max || s.timedOut || s.caller?.aborted) return done(err);
        const wait = err.retryAfterMs !== undefined ? Math.min(err.retryAfterMs, t.retries.max_delay_ms) : backoffDelay(t.retries, attempts - 1, random);
        // Waiting past the deadline only to time out would hide the real failure.
        if (performance.now() + wait >= deadlineAt) return done(err);
        s.attempt = undefined;
        await sleep(wait, callSignal);
      }
    } catch (e) {
      return done(classify(e, req.tool, s));
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onCaller);
    }
  }

  return {
    execute,
    has: (tool) => tools.has(tool),
    async close() {
      pool.close();
    },
  };
}
