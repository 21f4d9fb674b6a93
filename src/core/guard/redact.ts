import type { Finding } from "./types.js";
import { maskValue } from "./mask.js";

/**
 * Replace each span with its mask. Overlapping spans are merged first (the widest type wins), so no part of
 * a sensitive value survives between two masks.
 */
export function applyRedactions(text: string, spans: readonly Finding[]): string {
  if (spans.length === 0) return text;
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  let out = "";
  let pos = 0;
  let i = 0;
  while (i < sorted.length) {
    const first = sorted[i] as Finding;
    let end = first.end;
    let j = i + 1;
    while (j < sorted.length && (sorted[j] as Finding).start < end)
      end = Math.max(end, (sorted[j++] as Finding).end);
    const start = Math.max(first.start, pos);
    out += text.slice(pos, start) + maskValue(first.type, text.slice(start, end));
    pos = Math.max(pos, end);
    i = j;
  }
  return out + text.slice(pos);
}
