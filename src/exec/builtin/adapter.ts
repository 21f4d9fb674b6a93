// Running a builtin as one attempt: raced against the signal (an emergency stop does not wait for a
// builtin that ignores it), its output copied through JSON (size measured, no shared references back
// into the builtin's state), capped and masked.
import { ExecError, toExecError } from "../errors.js";
import { maskJson } from "../credentials/mask.js";
import type { AttemptContext, AttemptOutput } from "../adapter.js";
import type { BuiltinFn } from "./registry.js";

function abortPromise(signal: AbortSignal): { p: Promise<never>; off: () => void } {
  let off = () => {};
  const p = new Promise<never>((_, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const on = () => reject(signal.reason);
    signal.addEventListener("abort", on, { once: true });
    off = () => signal.removeEventListener("abort", on);
  });
  p.catch(() => {}); // the race may already be decided; an unobserved rejection is not an error here
  return { p, off };
}

export async function builtinAttempt(fn: BuiltinFn, ctx: AttemptContext, signal: AbortSignal): Promise<AttemptOutput> {
  const { tool } = ctx.req;
  const abort = abortPromise(signal);
  let value: unknown;
  try {
    const run = Promise.resolve().then(() =>
      fn(ctx.req.args, { callId: ctx.req.callId, signal, egress: ctx.req.egress, idempotencyKey: ctx.req.idempotencyKey, secret: (n) => ctx.secrets.get(n) }),
    );
    value = await Promise.race([run, abort.p]);
  } catch (e) {
    if (signal.aborted) throw signal.reason;
    throw toExecError(e, tool);
  } finally {
    abort.off();
  }
  let json: string;
  try {
    json = JSON.stringify(value ?? null);
  } catch {
    throw new ExecError("EXEC_TOOL_FAILED", `tool ${tool}: the builtin returned a value that is not JSON (circular or BigInt); fix the builtin.`);
  }
  const bytes = Buffer.byteLength(json, "utf8");
  if (bytes > ctx.maxOutputBytes) throw new ExecError("OUTPUT_TOO_LARGE", `tool ${tool}: the output is ${bytes} bytes, over max_output_bytes (${ctx.maxOutputBytes}); ask for less or raise the tool's cap.`);
  const m = maskJson(JSON.parse(json), ctx.needles);
  return { output: m.value, bytes, masked: m.count };
}
