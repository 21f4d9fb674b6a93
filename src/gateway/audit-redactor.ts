// What the gateway's audit log masks before anything is hashed or stored: credential-like keys (the audit
// layer's default) plus the guardrails' secret and PII formats, applied to the payload fields only (ids and
// hashes in the header are not personal data and must stay exact).
//
// The two used to run one after the other (composeRedactors(defaultRedactor, payload redactValue)), which
// walked every payload twice and rebuilt it whole even when nothing was masked. `fusedMask` is the same
// composition in one walk that copies only what it changes.
// INVARIANT: the result is, value for value and key for key in the same order, what
// redactValue(maskCredentialKeys(x)) gives, so the audit bytes (and their hashes) do not change;
// test/gateway-audit-redactor.test.ts checks it against the composition on hostile values.
import { isSecretKey, redactText, redactValue } from "../core/index.js";
import type { Redactor } from "../audit/index.js";

const DEPTH_MASK = "[REDACTED:depth]";
const SECRET_MASK = "[REDACTED:secret]";
/** The depth past which both walks stop descending (each gives up at `depth > 64`). */
const MAX_DEPTH = 64;

/**
 * redactValue(maskCredentialKeys(v, depth), depth), without building either intermediate. Returns `v`
 * itself when nothing under it changes and reusing it is indistinguishable from a fresh copy.
 */
function fusedMask(v: unknown, depth: number): unknown {
  if (typeof v === "string") return redactText(v);
  // maskCredentialKeys returns anything past the depth as is; redactValue masks all but strings there.
  if (depth > MAX_DEPTH) return DEPTH_MASK;
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      // A hole stays a hole (Array.prototype.map skips it), whatever the depth.
      if (x === undefined && !(i in v)) continue;
      const m = fusedMask(x, depth + 1);
      // slice() keeps holes and the elements before i, which did not change.
      if (m !== x) (out ??= v.slice())[i] = m;
    }
    return out ?? v;
  }
  const o = v as Record<string, unknown>;
  // redactValue always builds a fresh plain object; reusing `o` is only the same when `o` is plain (a class
  // instance would lose its prototype's toJSON) and has no own `__proto__` key (dropped by the rebuild).
  let out: Record<string, unknown> | null = Object.getPrototypeOf(o) === Object.prototype ? null : {};
  const keys = Object.keys(o);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string;
    if (k === "__proto__" && out === null) {
      out = {};
      for (let j = 0; j < i; j++) out[keys[j] as string] = o[keys[j] as string];
    }
    const x = o[k];
    const m = maskEntry(k, x, depth);
    if (out !== null) out[k] = m;
    else if (m !== x) {
      // First change: the keys before this one kept their values (m === x), as the rebuild would give them.
      out = {};
      for (let j = 0; j < i; j++) out[keys[j] as string] = o[keys[j] as string];
      out[k] = m;
    }
  }
  return out ?? o;
}

/** One property `k: x` of an object at `depth`, as the two walks leave it. */
function maskEntry(k: string, x: unknown, depth: number): unknown {
  // Both walks judge keys by the same vocabulary (isCredentialKey is isSecretKey): maskCredentialKeys turns
  // the value into REDACTED, a string, which redactValue then masks as a secret key's scalar.
  if (isSecretKey(k) && x !== null && x !== undefined) return SECRET_MASK;
  return fusedMask(x, depth + 1);
}

export const gatewayRedactor: Redactor = (d) => ({
  ...d,
  tool_input: fusedMask(d.tool_input, 0),
  tool_output: fusedMask(d.tool_output, 0),
  // The audit layer's default redactor does not touch llm_reasoning: only the format scan applies.
  llm_reasoning: d.llm_reasoning === null ? null : redactValue(d.llm_reasoning),
  details: fusedMask(d.details, 0),
});
