// Tests compile inline policies that must be valid; a diagnostic is a bug in the test, so it throws with the located messages.
import { compilePolicy, formatDiagnostic, type PolicySet } from "../../src/core/policy/index.js";

export function compileOrThrow(text: string): PolicySet {
  const r = compilePolicy(text);
  if (!r.ok) throw new Error(r.diagnostics.map(formatDiagnostic).join("\n"));
  return r.policy;
}
