// What an approver sees: the action in context, not just a tool name (seed 002: "transfer $2,400 from
// checking (*3847) to vendor account (*9921) because invoice #4471 is due today").
import type { HistoryEntry, ProvenanceEntry } from "../core/index.js";
import type { ApprovalRecord } from "./types.js";

export type HighlightKind = "amount" | "recipient" | "account";

export interface Highlight {
  pointer: string;
  kind: HighlightKind;
  /** Shown to people; account numbers keep only their last four characters. */
  display: string;
}

const KINDS: [RegExp, HighlightKind][] = [
  [/^(amount|total|sum|price|value|quantity)$/i, "amount"],
  [/^(to|recipients?|cc|bcc|email|payee|beneficiary)$/i, "recipient"],
  [/^(from|account|account_number|acct|iban|source|destination)$/i, "account"],
];

function kindOf(key: string): HighlightKind | null {
  for (const [re, k] of KINDS) if (re.test(key)) return k;
  return null;
}

const esc = (s: string) => s.replace(/~/g, "~0").replace(/\//g, "~1");

/** Account-like values keep their last four characters: enough to recognise, not enough to reuse. */
export function maskAccount(v: unknown): string {
  const s = String(v);
  return s.length <= 4 ? s : `*${s.slice(-4)}`;
}

/** Amounts, recipients and accounts in the (already masked) args, one level deep and in arrays of scalars. */
export function highlights(args: unknown): Highlight[] {
  const out: Highlight[] = [];
  if (!args || typeof args !== "object" || Array.isArray(args)) return out;
  for (const [k, v] of Object.entries(args as Record<string, unknown>)) {
    const kind = kindOf(k);
    if (!kind || v === null || typeof v === "object" && !Array.isArray(v)) continue;
    const vals = Array.isArray(v) ? v : [v];
    const shown = vals.map((x) => (kind === "account" && typeof x !== "number" ? maskAccount(x) : String(x))).join(", ");
    out.push({ pointer: `/${esc(k)}`, kind, display: shown });
  }
  return out;
}

/** One sentence for lists, notifications and Slack. */
export function summary(r: ApprovalRecord, shownArgs: unknown, batchCount = 1): string {
  const parts = highlights(shownArgs).map((h) => `${h.kind === "amount" ? "amount" : h.pointer.slice(1)} ${h.display}`);
  const what = `${r.agent} wants to call ${r.call.tool}${parts.length ? ` (${parts.join(", ")})` : ""}`;
  const why = r.call.reasoning ? ` because: ${oneLine(r.call.reasoning, 200)}` : "";
  const batch = batchCount > 1 ? ` [batch of ${batchCount} ${r.call.tool} requests]` : "";
  return `${what}${why}${batch}`;
}

export function oneLine(s: string, max: number): string {
  const t = s.replace(/\s+/g, " ").trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** Provenance in words: "/to: first seen in the output of fetch_url (untrusted)". */
export function provenanceLines(p: readonly ProvenanceEntry[] | undefined): { pointer: string; source: string; detail: string }[] {
  return (p ?? []).map((e) => ({ pointer: e.pointer, source: e.source, detail: e.detail }));
}

/** Label explanations that help an approver judge the request. */
const LABEL_WORDS: Record<string, string> = {
  untrusted: "this session read untrusted content (for example a web page)",
  sensitive: "this session read sensitive data",
};

export function labelLines(labels: readonly string[]): { label: string; meaning: string }[] {
  return labels.map((l) => ({ label: l, meaning: LABEL_WORDS[l] ?? (l.startsWith("injection") ? "a scanner found a prompt-injection attempt in this session" : l) }));
}

export function recentHistory(h: readonly HistoryEntry[], n = 10): HistoryEntry[] {
  return h.slice(-n);
}
