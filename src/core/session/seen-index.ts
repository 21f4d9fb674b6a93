// The seen-index: what the session has read, so provenance lookups never rescan old outputs.
import type { SeenIndex, SeenSource } from "./types.js";
import { leafTexts, tokenize } from "./tokens.js";

// SECURITY: keys are prefixed so a token such as "__proto__" can never reach Object.prototype.
export const tokenKey = (t: string): string => "~" + t;

export function emptyIndex(): SeenIndex {
  return { sources: [], tokens: {} };
}

/**
 * Add one source's text to the index, in place; returns the distinct tokens it added, in the order they
 * were indexed (what a stored session keeps per step, so the index can be rebuilt without the text).
 * INVARIANT: the index is append-only and extended in place (copying it per call would make each call
 * cost grow with the session's length); callers treat the session value they passed to observe() as consumed.
 */
export function indexSource(index: SeenIndex, source: SeenSource, content: unknown): string[] {
  const uniq = new Set<string>();
  for (const text of leafTexts(content)) for (const t of tokenize(text)) uniq.add(t);
  const tokens = [...uniq];
  indexTokens(index, source, tokens);
  return tokens;
}

/**
 * Add a source with its distinct tokens, in place. indexSource and the rebuild of a stored session both
 * come through here, so a rebuilt index is the one observe() built.
 */
export function indexTokens(index: SeenIndex, source: SeenSource, tokens: readonly string[]): void {
  const id = index.sources.length;
  index.sources.push(source);
  for (const t of tokens) {
    const k = tokenKey(t);
    const list = Object.hasOwn(index.tokens, k) ? index.tokens[k] : undefined;
    if (list) list.push(id);
    else index.tokens[k] = [id];
  }
}
