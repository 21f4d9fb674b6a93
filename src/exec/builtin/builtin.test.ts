// Builtins run under the same rules as HTTP tools: timeout, abort, output cap, masking, no throw.
import { afterEach, describe, expect, it } from "vitest";
import { createExecutor } from "../executor.js";
import { staticSecretProvider } from "../credentials/provider.js";
import { ExecError } from "../errors.js";
import { registerBuiltin, unregisterBuiltin } from "./registry.js";

afterEach(() => void unregisterBuiltin("test.global"));

const never = () => new Promise(() => {});

describe("builtin adapter", () => {
  const exec = (tool: object, builtins: Record<string, (a: unknown, c: { secret(n: string): string | undefined }) => unknown>) =>
    createExecutor({ credentials: { k: { env: "K" } }, tools: { t: { builtin: "b", ...tool } } }, { builtins, secrets: staticSecretProvider({ k: "sekret-abcdef" }) });
  const call = { tool: "t", args: { a: 1 }, callId: "c", idempotent: true };

  it("returns a JSON copy of the output", async () => {
    const state = { n: 1 };
    const r = await exec({}, { b: () => state }).execute(call);
    expect(r).toMatchObject({ ok: true, output: { n: 1 }, attempts: 1 });
    if (r.ok) (r.output as { n: number }).n = 2;
    expect(state.n).toBe(1);
  });

  it("times out and aborts builtins that never finish", async () => {
    expect(await exec({ timeout: "100ms" }, { b: never }).execute(call)).toMatchObject({ ok: false, code: "UPSTREAM_TIMEOUT" });
    const ac = new AbortController();
    const p = exec({}, { b: never }).execute(call, ac.signal);
    ac.abort();
    expect(await p).toMatchObject({ ok: false, code: "EXEC_ABORTED" });
  });

  it("caps output, masks declared secrets, and turns throws into results", async () => {
    expect(await exec({ max_output_bytes: 10 }, { b: () => "x".repeat(100) }).execute(call)).toMatchObject({ ok: false, code: "OUTPUT_TOO_LARGE" });
    const r = await exec({ credentials: ["k"] }, { b: (_a, c) => ({ leaked: `key=${c.secret("k") ?? ""}` }) }).execute(call);
    expect(r).toMatchObject({ ok: true, output: { leaked: "key=[REDACTED:credential]" }, masked: 1 });
    expect(await exec({}, { b: () => { throw new Error("internal detail /etc/x"); } }).execute(call)).toMatchObject({ ok: false, code: "EXEC_TOOL_FAILED", message: expect.not.stringContaining("/etc/x") });
    expect(await exec({}, { b: () => { throw new ExecError("EXEC_TOOL_FAILED", "insufficient funds"); } }).execute(call)).toMatchObject({ ok: false, code: "EXEC_TOOL_FAILED", message: "insufficient funds" });
  });

  it("a builtin only sees the credentials its tool declares", async () => {
    const r = await exec({}, { b: (_a, c) => ({ k: c.secret("k") ?? null }) }).execute(call);
    expect(r).toMatchObject({ ok: true, output: { k: null } });
  });

  it("uses the global registry when the executor has no local builtin", async () => {
    registerBuiltin("test.global", () => "hi");
    const e = createExecutor({ tools: { g: { builtin: "test.global" } } });
    expect(await e.execute({ tool: "g", args: {}, callId: "c", idempotent: false })).toMatchObject({ ok: true, output: "hi" });
  });
});
