// The post_tool checkpoint as a pure step shared by the gateway and replay, so a replayed trace and a live
// session get the same labels and verdicts.
import { runCheckpoint } from "../guard/index.js";
import type { PolicySet } from "../policy/index.js";

export interface InspectedOutput {
  /** The output with redacted spans masked (same JSON shape when it was JSON). */
  output: unknown;
  labels: string[];
  flagged_untrusted: boolean;
  /** Scanner ids that blocked the output (empty: it may pass). */
  blocked_by: string[];
  redaction_events: number;
  /** Finding types and severities only; never the values. */
  findings: { scanner: string; type: string; severity: string }[];
}

export function inspectToolOutput(policy: PolicySet, output: unknown): InspectedOutput {
  const text = typeof output === "string" ? output : JSON.stringify(output ?? null);
  const r = runCheckpoint(policy.guard, "post_tool", text);
  let out = output;
  if (r.redacted !== text) {
    // Masks are placed inside string values, so the JSON normally still parses; otherwise keep the text.
    try {
      out = typeof output === "string" ? r.redacted : JSON.parse(r.redacted);
    } catch {
      out = r.redacted;
    }
  }
  return {
    output: out,
    labels: r.labels,
    flagged_untrusted: r.flagged_untrusted,
    blocked_by: r.action === "block" ? r.blocked_by : [],
    redaction_events: r.redaction_events,
    findings: r.findings.map((f) => ({ scanner: f.scanner, type: f.type, severity: f.severity })),
  };
}
