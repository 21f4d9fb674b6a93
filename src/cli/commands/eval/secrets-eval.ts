// Secrets on CredSweeper: an expected finding is found when a predicted span overlaps its value on its
// line; redaction must remove the value. Negatives: fixtures with no expected findings and *_n / *_fp.
import { createSecretsScanner } from "../../../core/guard/secrets/scanner.js";
import { redactText } from "../../../core/guard/redact-value.js";
import { wilson, type Proportion } from "../../../core/guard/eval/wilson.js";
import type { CredFile } from "./data.js";

export interface SecretsResult {
  recall: Proportion;
  redactionRemoved: Proportion;
  negFiles: Proportion;
  negFindings: number;
  byRule: Array<{ rule: string; recall: Proportion }>;
  files: number;
}

export function isNegative(f: CredFile): boolean {
  return f.expected.length === 0 || /_(n|fp)(\.|$)/.test(f.path);
}

/** Offsets of each line's first character in `text`. */
export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") starts.push(i + 1);
  return starts;
}

/**
 * Where an expected finding's value sits in the file: at its recorded column on its line when the value is
 * there, else its first occurrence on that line, else anywhere in the file; -1 when absent.
 */
export function locateExpected(text: string, lineStarts: readonly number[], e: CredFile["expected"][number]): number {
  const ls = lineStarts[e.line - 1];
  if (ls !== undefined) {
    const line = text.slice(ls, lineStarts[e.line] ?? text.length);
    const at = e.start !== null && line.slice(e.start, e.start + e.value.length) === e.value ? e.start : line.indexOf(e.value);
    if (at >= 0) return ls + at;
  }
  return text.indexOf(e.value);
}

export function evalSecrets(files: readonly CredFile[]): SecretsResult {
  const scanner = createSecretsScanner("secrets", ["post_tool"]);
  let hit = 0;
  let total = 0;
  let removed = 0;
  let removable = 0;
  let negWith = 0;
  let negN = 0;
  let negFindings = 0;
  const rules: Record<string, [number, number]> = {};
  for (const f of files) {
    const found = scanner.scan(f.text, { checkpoint: "post_tool" });
    if (isNegative(f)) {
      negN++;
      negFindings += found.length;
      if (found.length > 0) negWith++;
      if (f.expected.length === 0) continue;
    }
    const lineStarts = lineStartsOf(f.text);
    const redacted = redactText(f.text);
    for (const e of f.expected) {
      const start = locateExpected(f.text, lineStarts, e);
      const end = start + e.value.length;
      const ok = start >= 0 && found.some((p) => p.start < end && start < p.end);
      total++;
      if (ok) hit++;
      const r = (rules[e.rule] ??= [0, 0]);
      r[1]++;
      if (ok) r[0]++;
      if (e.value.length >= 6) {
        removable++;
        if (!redacted.includes(e.value)) removed++;
      }
    }
  }
  const byRule = Object.entries(rules)
    .sort((a, b) => b[1][1] - a[1][1])
    .map(([rule, [k, n]]) => ({ rule, recall: wilson(k, n) }));
  return {
    recall: wilson(hit, total),
    redactionRemoved: wilson(removed, removable),
    negFiles: wilson(negWith, negN),
    negFindings,
    byRule,
    files: files.length,
  };
}
