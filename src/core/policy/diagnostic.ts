import type { ErrorCode } from "../errors/index.js";

/** One located problem in a policy source. */
export interface Diagnostic {
  code: ErrorCode;
  message: string;
  file: string;
  line: number;
  col: number;
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.col}: ${d.code} ${d.message}`;
}

export function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  return [...ds].sort((a, b) => a.line - b.line || a.col - b.col || a.code.localeCompare(b.code));
}
