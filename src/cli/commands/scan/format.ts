// Output of `warden scan`. SECURITY: findings are printed as type, span and score, never the matched text;
// the redacted text is printed only with --redacted.
import type { CheckpointResult } from "../../../core/guard/index.js";

export interface ScanOutput {
  id: string;
  action: CheckpointResult["action"];
  injection_score: number;
  labels: string[];
  findings: Array<{
    scanner: string;
    type: string;
    start: number;
    end: number;
    score: number;
    severity: string;
    action: string;
  }>;
  errors: CheckpointResult["errors"];
  redacted?: string;
}

export function toOutput(id: string, r: CheckpointResult, withRedacted: boolean): ScanOutput {
  return {
    id,
    action: r.action,
    injection_score: r.injection_score,
    labels: r.labels,
    findings: r.findings.map((f) => ({
      scanner: f.scanner,
      type: f.type,
      start: f.start,
      end: f.end,
      score: f.score,
      severity: f.severity,
      action: f.action,
    })),
    errors: r.errors,
    ...(withRedacted ? { redacted: r.redacted } : {}),
  };
}

export function formatText(o: ScanOutput): string {
  const head = `${o.id}: ${o.action}  injection=${o.injection_score.toFixed(3)}${o.labels.length ? `  labels=${o.labels.join(",")}` : ""}`;
  const lines = o.findings.map(
    (f) =>
      `  ${f.severity.padEnd(8)} ${f.type} [${f.start},${f.end}) score=${f.score} ${f.scanner} -> ${f.action}`,
  );
  for (const e of o.errors)
    lines.push(`  error    ${e.code} ${e.scanner}: ${e.message}${e.ignored ? " (fail_open)" : ""}`);
  if (o.redacted !== undefined) lines.push(`  redacted: ${JSON.stringify(o.redacted)}`);
  return [head, ...lines].join("\n") + "\n";
}
