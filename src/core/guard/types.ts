// The shapes every scanner and caller shares. A Finding carries offsets, never the matched value, so it can
// be logged, audited and returned to an agent as is.

export type Checkpoint = "pre_request" | "pre_tool" | "post_tool" | "post_output";
export const CHECKPOINTS: readonly Checkpoint[] = ["pre_request", "pre_tool", "post_tool", "post_output"];

export type Severity = "low" | "medium" | "high" | "critical";
export const SEVERITIES: readonly Severity[] = ["low", "medium", "high", "critical"];

/** What a finding does to the text that carried it. Ordered weakest first; the strongest wins. */
export type GuardAction = "allow" | "label" | "redact" | "escalate" | "block";
export const ACTIONS: readonly GuardAction[] = ["allow", "label", "redact", "escalate", "block"];

/**
 * One thing a scanner found. `start`/`end` are UTF-16 offsets into the scanned text (end exclusive).
 * SECURITY: no field may hold the sensitive value itself; findings go to logs and audit records.
 */
export interface Finding {
  scanner: string;
  type: string;
  start: number;
  end: number;
  /** Confidence in [0, 1]. */
  score: number;
  severity: Severity;
}

export interface ScanContext {
  checkpoint: Checkpoint;
}

export interface Scanner {
  id: string;
  checkpoints: readonly Checkpoint[];
  scan(text: string, ctx: ScanContext): Finding[];
}

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

export function actionRank(a: GuardAction): number {
  return ACTIONS.indexOf(a);
}
