// The five header fields verification needs, read from canonical header text without JSON.parse (which
// builds a 20-key object per record and was a quarter of verify's time).
//
// The reader only accepts the subset of JSON that canonicalHeader() writes for an ordinary record: one
// flat object, no backslash anywhere, no nested object, no `purged` key. Without backslashes every `"`
// delimits a string, so `,"key":` can only be a real key, never text inside a value; without nested
// objects every key is top-level. A key that occurs twice (JSON.parse would keep the last) is refused. Anything else
// returns null and the caller falls back to JSON.parse. On every header canonicalHeader() writes, both
// give the same fields.
// SECURITY: the reader does not prove that the text is valid JSON. The verifier uses it only for a header
// that hashes to its stored leaf; a header forged together with its leaf hash is caught by the signed root.

import type { AuditHeader } from "./record.js";

export type HeaderFields = Pick<AuditHeader, "seq" | "kind" | "intent_seq" | "payload_sha256" | "purged">;

const PREFIX = '{"action":"';

export function readHeaderFields(text: string): HeaderFields | null {
  if (!text.startsWith(PREFIX) || text.charCodeAt(text.length - 1) !== 125 /* } */) return null;
  if (text.indexOf("\\") !== -1 || text.indexOf("{", 1) !== -1 || text.indexOf(',"purged":') !== -1) return null;
  // Forward searches only (lastIndexOf is several times slower in V8): each key must occur exactly once,
  // so first = last occurrence, the one JSON.parse keeps.
  const seq = intAt(text, ',"seq":');
  const intentSeq = intAt(text, ',"intent_seq":');
  const kind = stringAt(text, ',"kind":"');
  const digest = stringAt(text, ',"payload_sha256":"');
  if (seq === undefined || seq === null || intentSeq === undefined || kind === undefined || digest === undefined) return null;
  return { seq, kind: kind as AuditHeader["kind"], intent_seq: intentSeq, payload_sha256: digest };
}

/** Where `key` starts, if it occurs exactly once; else -1. */
function onlyAt(text: string, key: string): number {
  const at = text.indexOf(key);
  return at !== -1 && text.indexOf(key, at + key.length) === -1 ? at : -1;
}

/** `null` or a plain decimal safe integer after `key` (the forms JSON.stringify writes), else undefined. */
function intAt(text: string, key: string): number | null | undefined {
  const at = onlyAt(text, key);
  if (at === -1) return undefined;
  const start = at + key.length;
  if (text.startsWith("null", start)) {
    const after = text.charCodeAt(start + 4);
    return after === 44 || after === 125 ? null : undefined;
  }
  let end = start;
  while (end < text.length) {
    const c = text.charCodeAt(end);
    if (c < 48 || c > 57) break;
    end++;
  }
  const next = text.charCodeAt(end);
  if (end === start || end - start > 15 || (next !== 44 && next !== 125) || (text.charCodeAt(start) === 48 && end - start > 1)) return undefined;
  return Number(text.slice(start, end));
}

/** The string value after `key` (which ends with the opening quote); no escapes exist, so it ends at the next quote. */
function stringAt(text: string, key: string): string | undefined {
  const at = onlyAt(text, key);
  if (at === -1) return undefined;
  const start = at + key.length;
  const end = text.indexOf('"', start);
  if (end === -1) return undefined;
  const next = text.charCodeAt(end + 1);
  if (next !== 44 && next !== 125) return undefined;
  return text.slice(start, end);
}
