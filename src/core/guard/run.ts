// Run one checkpoint: every scanner configured there, then one action for the text. Fail closed: a scanner
// that throws or runs over budget turns the checkpoint into `block` unless it is `fail_open`.
import { WardenError, isWardenError } from "../errors/index.js";
import type { Checkpoint, Finding, GuardAction } from "./types.js";
import { actionRank } from "./types.js";
import type { GuardSet } from "./compile.js";
import { applyRedactions } from "./redact.js";

export interface ScanError {
  scanner: string;
  code: "GUARD_SCANNER_FAILED" | "GUARD_BUDGET_EXCEEDED";
  message: string;
  /** True when the scanner is fail_open and the error did not block. */
  ignored: boolean;
}

export interface ActedFinding extends Finding {
  action: GuardAction;
}

export interface CheckpointResult {
  checkpoint: Checkpoint;
  findings: ActedFinding[];
  /** The strongest action over all findings and errors. */
  action: GuardAction;
  /** The text with every span whose action is redact masked (and sensitive spans of blocked text). */
  redacted: string;
  /** Labels to merge into the session (`observe` outcome.labels). */
  labels: string[];
  /** An injection was found: the session engine treats this output as untrusted for provenance. */
  flagged_untrusted: boolean;
  /** Highest injection score of any injection scanner that ran (0 when none ran). */
  injection_score: number;
  /** Scanner ids whose findings or failures made the action `block` (telemetry: blocked_by_rule). */
  blocked_by: string[];
  /** Number of spans masked (telemetry: redaction_events). */
  redaction_events: number;
  errors: ScanError[];
}

export interface RunOptions {
  /** Milliseconds clock for `budget_ms`. Without one, only `max_input_chars` is enforced (the core has no clock). */
  clock?: () => number;
}

const SENSITIVE_KINDS = new Set(["pii", "secrets", "pattern"]);

export function runCheckpoint(
  set: GuardSet,
  checkpoint: Checkpoint,
  text: string,
  opts: RunOptions = {},
): CheckpointResult {
  const findings: ActedFinding[] = [];
  const errors: ScanError[] = [];
  const labels = new Set<string>();
  const blockedBy = new Set<string>();
  const toMask: Finding[] = [];
  let action: GuardAction = "allow";
  let injection = 0;
  const raise = (a: GuardAction): void => {
    if (actionRank(a) > actionRank(action)) action = a;
  };
  for (const cs of set.byCheckpoint.get(checkpoint) ?? []) {
    const s = cs.scanner;
    let found: Finding[];
    try {
      if (text.length > cs.maxInputChars)
        throw budgetError(`text of ${text.length} characters exceeds max_input_chars ${cs.maxInputChars}`);
      const t0 = opts.clock?.();
      if ("assess" in s) {
        const a = s.assess(text, { checkpoint });
        found = a.findings;
        injection = Math.max(injection, a.score);
      } else found = s.scan(text, { checkpoint });
      if (t0 !== undefined && opts.clock) {
        const ms = opts.clock() - t0;
        if (ms > cs.budgetMs) throw budgetError(`took ${ms.toFixed(1)} ms, over budget_ms ${cs.budgetMs}`);
      }
    } catch (e) {
      const code =
        isWardenError(e) && e.code === "GUARD_BUDGET_EXCEEDED"
          ? "GUARD_BUDGET_EXCEEDED"
          : "GUARD_SCANNER_FAILED";
      // SECURITY: the message of an arbitrary exception may quote the text; keep only its class.
      const message =
        code === "GUARD_BUDGET_EXCEEDED"
          ? (e as Error).message
          : `scanner threw ${(e as Error)?.name ?? "an error"}`;
      errors.push({ scanner: s.id, code, message, ignored: cs.failOpen });
      if (!cs.failOpen) {
        raise("block");
        blockedBy.add(s.id);
      }
      continue;
    }
    for (const f of found) {
      const a = cs.actionFor(f.type, checkpoint);
      findings.push({ ...f, action: a });
      raise(a);
      if (a === "block") blockedBy.add(s.id);
      if (a !== "allow") for (const l of cs.labelsFor(f.type)) labels.add(l);
      if (a === "redact" || (SENSITIVE_KINDS.has(cs.kind) && (a === "block" || a === "escalate")))
        toMask.push(f);
    }
  }
  findings.sort((a, b) => a.start - b.start || a.end - b.end);
  return {
    checkpoint,
    findings,
    action,
    redacted: applyRedactions(text, toMask),
    labels: [...labels].sort(),
    flagged_untrusted:
      labels.has("untrusted") ||
      findings.some(
        (f) => f.action !== "allow" && (f.type === "injection" || f.type === "encoded_injection"),
      ),
    injection_score: injection,
    blocked_by: [...blockedBy].sort(),
    redaction_events: toMask.length,
    errors,
  };
}

function budgetError(message: string): WardenError {
  return new WardenError("GUARD_BUDGET_EXCEEDED", message);
}
