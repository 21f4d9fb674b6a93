// The seen-index: what the session has read, so provenance lookups never rescan old outputs.
import type { SeenIndex, SeenSource } from "./types.js";
import { leafTexts, tokenize } from "./tokens.js";

// SECURITY: keys are prefixed so a token such as "__proto__" can never reach Object.prototype.
export const tokenKey = (t: string): string => "~" + t;

export function emptyIndex(): SeenIndex {
  return { sources: [], tokens: {} };
}

/**
 * Add one source's text to the index, in place.
 * INVARIANT: the index is append-only and extended in place (copying it per call would make each call
 * cost grow with the session's length); callers treat the session value they passed to observe() as consumed.
 */
export function indexSource(index: SeenIndex, source: SeenSource, content: unknown): void {
  const id = index.sources.length;
  index.sources.push(source);
  const uniq = new Set<string>();
  for (const text of leafTexts(content)) for (const t of tokenize(text)) uniq.add(t);
  for (const t of uniq) {
    const k = tokenKey(t);
    const list = Object.hasOwn(index.tokens, k) ? index.tokens[k] : undefined;
    if (list) list.push(id);
    else index.tokens[k] = [id];
  }
}
