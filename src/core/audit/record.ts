// The shape of one audit record. A record is split in two: the HEADER (indexable metadata, never purged)
// is the Merkle leaf; the PAYLOAD (inputs, outputs, reasoning: what retention may purge) is stored apart,
// and the header commits to it through `payload_sha256`. Field names follow seed 002 §3.
import type { Risk, Verdict } from "../types.js";
import { quote } from "./canonical.js";

export const RECORD_VERSION = 1;

/** What kind of event a record describes. */
export type RecordKind = "intent" | "outcome" | "approval" | "control" | "context" | "event" | "purge";

/** Retention category (seed 002 §3 table), chosen when the record is written. */
export type RetentionCategory = "tool_call" | "high_risk" | "approval" | "context" | "control";

export interface ApprovalInfo {
  required: boolean;
  status: "not_required" | "pending" | "approved" | "denied" | "expired";
  approver?: string | null;
  approved_at?: string | null;
  latency_ms?: number | null;
}

/** The leaf. INVARIANT: every key is present (null when absent) so the schema is fixed; `purged` only on purge records. */
export interface AuditHeader {
  v: number;
  seq: number;
  timestamp: string;
  kind: RecordKind;
  category: RetentionCategory;
  action: string;
  tenant: string | null;
  session_id: string | null;
  agent_id: string | null;
  tool_name: string | null;
  verdict: Verdict | null;
  risk_tier: Risk | null;
  rule_ids: string[];
  policy_hash: string | null;
  correlation_id: string | null;
  trace_id: string | null;
  /** For an outcome: the seq of the intent it completes. */
  intent_seq: number | null;
  /** For an outcome: ok, error, timeout, not_run… */
  status: string | null;
  /** "sha256:<hex>" of the canonical payload. */
  payload_sha256: string;
  /** For a purge record: the seqs whose payloads were purged, as inclusive [from, to] ranges. */
  purged?: [number, number][];
}

/** The purgeable part. SECURITY: redacted before it is hashed or stored. */
export interface AuditPayload {
  principal: string | null;
  tool_input: unknown;
  tool_output: unknown;
  llm_reasoning: string | null;
  approval: ApprovalInfo | null;
  context_hash: string | null;
  /** Anything else worth keeping: decision reasons, obligations, error, control details, archive info. */
  details: unknown;
}

/** A record before it has a sequence number, a timestamp or a digest: what callers and redactors see. */
export type AuditDraft = Omit<AuditHeader, "v" | "seq" | "timestamp" | "payload_sha256"> & AuditPayload;

/** Header + payload joined: the SIEM-ready export line (payload fields null when purged). */
export type AuditRecord = AuditHeader & AuditPayload & { payload_state: "present" | "purged" | "missing" };

export const PAYLOAD_KEYS = ["principal", "tool_input", "tool_output", "llm_reasoning", "approval", "context_hash", "details"] as const;

/** Split a draft into header fields and payload (pure; no hashing). */
export function splitDraft(draft: AuditDraft): { head: Omit<AuditDraft, keyof AuditPayload>; payload: AuditPayload } {
  const payload: AuditPayload = {
    principal: draft.principal ?? null,
    tool_input: draft.tool_input ?? null,
    tool_output: draft.tool_output ?? null,
    llm_reasoning: draft.llm_reasoning ?? null,
    approval: draft.approval ?? null,
    context_hash: draft.context_hash ?? null,
    details: draft.details ?? null,
  };
  const head = {
    kind: draft.kind,
    category: draft.category,
    action: draft.action,
    tenant: draft.tenant ?? null,
    session_id: draft.session_id ?? null,
    agent_id: draft.agent_id ?? null,
    tool_name: draft.tool_name ?? null,
    verdict: draft.verdict ?? null,
    risk_tier: draft.risk_tier ?? null,
    rule_ids: draft.rule_ids ?? [],
    policy_hash: draft.policy_hash ?? null,
    correlation_id: draft.correlation_id ?? null,
    trace_id: draft.trace_id ?? null,
    intent_seq: draft.intent_seq ?? null,
    status: draft.status ?? null,
    ...(draft.purged ? { purged: draft.purged } : {}),
  };
  return { head, payload };
}

/** Join a stored header and (possibly purged) payload into the export shape. */
export function joinRecord(header: AuditHeader, payload: AuditPayload | null, state: AuditRecord["payload_state"]): AuditRecord {
  const p: AuditPayload = payload ?? { principal: null, tool_input: null, tool_output: null, llm_reasoning: null, approval: null, context_hash: null, details: null };
  return { ...header, ...p, payload_state: state };
}

/** Compress sorted seqs into inclusive ranges. */
export function toRanges(seqs: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const s of seqs) {
    const last = out[out.length - 1];
    if (last && s === last[1] + 1) last[1] = s;
    else out.push([s, s]);
  }
  return out;
}

/**
 * Canonical JSON (RFC 8785) of a header, on the hot path of every append. A header holds only strings,
 * safe integers, null and arrays of those, for which JCS is "keys sorted, values as JSON.stringify writes
 * them". The keys are written below in JCS order (UTF-16 code-unit order), each read as a named property
 * (a loop over key names made every read a slow keyed lookup); an undefined value is left out, as in JCS.
 * A test checks it equals canonicalJson() for any header.
 */
export function canonicalHeader(h: AuditHeader): string {
  let out = "";
  if (h.action !== undefined) out += ',"action":' + enc(h.action);
  if (h.agent_id !== undefined) out += ',"agent_id":' + enc(h.agent_id);
  if (h.category !== undefined) out += ',"category":' + enc(h.category);
  if (h.correlation_id !== undefined) out += ',"correlation_id":' + enc(h.correlation_id);
  if (h.intent_seq !== undefined) out += ',"intent_seq":' + enc(h.intent_seq);
  if (h.kind !== undefined) out += ',"kind":' + enc(h.kind);
  if (h.payload_sha256 !== undefined) out += ',"payload_sha256":' + enc(h.payload_sha256);
  if (h.policy_hash !== undefined) out += ',"policy_hash":' + enc(h.policy_hash);
  if (h.purged !== undefined) out += ',"purged":' + enc(h.purged);
  if (h.risk_tier !== undefined) out += ',"risk_tier":' + enc(h.risk_tier);
  if (h.rule_ids !== undefined) out += ',"rule_ids":' + enc(h.rule_ids);
  if (h.seq !== undefined) out += ',"seq":' + enc(h.seq);
  if (h.session_id !== undefined) out += ',"session_id":' + enc(h.session_id);
  if (h.status !== undefined) out += ',"status":' + enc(h.status);
  if (h.tenant !== undefined) out += ',"tenant":' + enc(h.tenant);
  if (h.timestamp !== undefined) out += ',"timestamp":' + enc(h.timestamp);
  if (h.tool_name !== undefined) out += ',"tool_name":' + enc(h.tool_name);
  if (h.trace_id !== undefined) out += ',"trace_id":' + enc(h.trace_id);
  if (h.v !== undefined) out += ',"v":' + enc(h.v);
  if (h.verdict !== undefined) out += ',"verdict":' + enc(h.verdict);
  return out === "" ? "{}" : "{" + out.slice(1) + "}";
}

function enc(v: unknown): string {
  if (v === null) return "null";
  if (typeof v === "string") return quote(v);
  if (typeof v === "number") return "" + v;
  return JSON.stringify(v);
}
