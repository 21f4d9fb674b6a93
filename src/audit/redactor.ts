// Redaction before write (seed 002 §3 "what not to log"). Runs before anything is hashed or stored, so a
// secret never enters the Merkle tree, the database, an export or a proof.
import type { AuditDraft } from "../core/audit/index.js";
import { isSecretKey } from "../core/guard/secret-keys.js";

/** A redactor returns a (new) draft with sensitive values masked. It must not mutate its input. */
export type Redactor = (draft: AuditDraft) => AuditDraft;

export const REDACTED = "[REDACTED]";

/** Whether a key name carries credentials: the guardrails' vocabulary (one list for audit, logs and redaction). */
export const isCredentialKey: (key: string) => boolean = isSecretKey;

/** Mask every value whose key looks like a credential, at any depth. Copies only what it changes. */
export function maskCredentialKeys(value: unknown, isSecretKey: (key: string) => boolean = isCredentialKey, depth = 0): unknown {
  if (depth > 64 || value === null || typeof value !== "object") return value;
  // Plain index loops: Object.entries() built a [key, value] array per key of every object of every record.
  if (Array.isArray(value)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      const m = maskCredentialKeys(v, isSecretKey, depth + 1);
      if (m !== v) (out ??= value.slice())[i] = m;
    }
    return out ?? value;
  }
  const o = value as Record<string, unknown>;
  const keys = Object.keys(o);
  let out: Record<string, unknown> | null = null;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string;
    const v = o[k];
    const m = isSecretKey(k) && v !== null && v !== undefined ? REDACTED : maskCredentialKeys(v, isSecretKey, depth + 1);
    if (m !== v) (out ??= { ...o })[k] = m;
  }
  return out ?? value;
}

/** The default redactor: credential-like keys in every payload field. */
export const defaultRedactor: Redactor = (d) => {
  const tool_input = maskCredentialKeys(d.tool_input);
  const tool_output = maskCredentialKeys(d.tool_output);
  const details = maskCredentialKeys(d.details);
  if (tool_input === d.tool_input && tool_output === d.tool_output && details === d.details) return d;
  return { ...d, tool_input, tool_output, details };
};

/** Apply redactors left to right (the guardrails layer appends secret and PII format detectors). */
export function composeRedactors(...rs: Redactor[]): Redactor {
  return (d) => rs.reduce((acc, r) => r(acc), d);
}
