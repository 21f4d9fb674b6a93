// Argument checks every adapter applies the same way, so the conformance suites can demand identical errors.
import { WardenError } from "../core/errors/index.js";
import type { Amounts } from "./counters.js";

export function checkId(what: string, id: string): void {
  if (typeof id !== "string" || id.length === 0) throw new WardenError("STORE_INVALID_ARGUMENT", `${what} must be a non-empty string`);
}

export function checkAmounts(what: string, a: Amounts): void {
  for (const [k, v] of Object.entries(a)) {
    if (!Number.isFinite(v) || v < 0) throw new WardenError("STORE_INVALID_ARGUMENT", `${what}.${k} must be a finite number ≥ 0, got ${String(v)}`);
  }
}

/** Header fields the audit query filters on, pulled from a header's JSON. */
export const AUDIT_FILTER_FIELDS = ["session_id", "agent_id", "tool_name", "verdict", "risk_tier", "kind", "tenant"] as const;
