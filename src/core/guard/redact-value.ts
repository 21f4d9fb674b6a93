// Redaction of structured values for logs and audit records (the audit log's Redactor hook). Walks any
// JSON value; strings are scanned for secret and PII formats, values under secret-named keys are masked
// whole. Returns a new value; the input is never mutated.
import type { Finding } from "./types.js";
import { createPiiScanner } from "./pii/scanner.js";
import { createSecretsScanner } from "./secrets/scanner.js";
import { applyRedactions } from "./redact.js";
import { isSecretKey } from "./secret-keys.js";

const ALL = ["pre_request", "pre_tool", "post_tool", "post_output"] as const;
const secrets = createSecretsScanner("secrets", ALL);
const pii = createPiiScanner("pii", ALL, { min_score: 0.7 });

/** Mask secrets and PII in one string. */
export function redactText(text: string): string {
  if (text.length < 6) return text;
  const s = secrets.scan(text, { checkpoint: "post_output" });
  const p = pii.scan(text, { checkpoint: "post_output" });
  // Nothing found (the usual case): no merged list to build.
  if (s.length === 0 && p.length === 0) return text;
  const found: Finding[] = [...s, ...p];
  return applyRedactions(text, found);
}

/**
 * Mask secrets and PII at any depth of a JSON value. Shape-compatible with the audit log's
 * `Redactor = (record) => record`.
 */
export function redactValue<T>(value: T): T {
  return walk(value, 0) as T;
}

function walk(v: unknown, depth: number): unknown {
  if (typeof v === "string") return redactText(v);
  // INVARIANT: deep or cyclic values end in a mask, never in a stack overflow that skips redaction.
  if (depth > 64) return "[REDACTED:depth]";
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
  const out: Record<string, unknown> = {};
  // Object.keys and an index loop: Object.entries() allocated a [key, value] pair per key.
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string;
    const x = o[k];
    out[k] = isSecretKey(k) && x !== null && x !== undefined && typeof x !== "object" && typeof x !== "boolean" ? "[REDACTED:secret]" : walk(x, depth + 1);
  }
  return out;
}
