// A session as stored: a small head (everything a write may change) plus append-only items (one per step,
// with what that step added to the seen-index). A write rewrites the head and appends only new items, so
// its cost does not grow with the session's length. Pure: no I/O.
import { emptyIndex, indexTokens, tokenKey } from "./seen-index.js";
import type { SeenIndex, Session, SessionHead, SessionItem } from "./types.js";

/** How much of a session's history and seen-index its stored items hold. */
export interface Covered {
  history: number;
  sources: number;
}

const NOTHING: Covered = { history: 0, sources: 0 };

/** The head of a session: a shallow copy without `history` and `seen`. */
export function sessionHead(s: Session): SessionHead {
  const { history: _history, seen: _seen, ...head } = s;
  return head;
}

export function coverage(s: Session): Covered {
  return { history: s.history.length, sources: s.seen.sources.length };
}

/**
 * The items for the part of `s` after `from` (default: all of it), in the order observe() appended them.
 * Recovers each source's tokens by inverting the index: O(index), for a new or legacy session only; a
 * call's write takes its one item from observeStep() instead.
 */
export function splitItems(s: Session, from: Covered = NOTHING): SessionItem[] {
  if (from.history > s.history.length || from.sources > s.seen.sources.length) throw new RangeError("session split: the history or seen-index is shorter than what is stored");
  const tokens = tokensBySource(s.seen, from.sources);
  const items: SessionItem[] = [];
  let j = from.sources;
  const sourceItem = (id: number): SessionItem => ({ source: s.seen.sources[id] as SessionItem["source"], tokens: tokens.get(id) ?? [] });
  for (let i = from.history; i < s.history.length; i++) {
    const step = s.history[i] as NonNullable<SessionItem["step"]>;
    // A step's output source is indexed right after its history entry, so it carries the same step number.
    while (j < s.seen.sources.length && (s.seen.sources[j]?.step ?? 0) < step.step) items.push(sourceItem(j++));
    if (j < s.seen.sources.length && s.seen.sources[j]?.step === step.step) items.push({ step, ...sourceItem(j++) });
    else items.push({ step });
  }
  while (j < s.seen.sources.length) items.push(sourceItem(j++));
  return items;
}

/** Source id → its distinct tokens in indexing order, for ids ≥ `from`. INVARIANT: posting lists ascend. */
function tokensBySource(index: SeenIndex, from: number): Map<number, string[]> {
  const out = new Map<number, string[]>();
  // Keys are in first-seen order, so each source's list comes out in the order indexSource added it.
  for (const [key, ids] of Object.entries(index.tokens)) {
    const token = key.slice(tokenKey("").length);
    for (let i = ids.length - 1; i >= 0; i--) {
      const id = ids[i] as number;
      if (id < from) break;
      const list = out.get(id);
      if (list) list.push(token);
      else out.set(id, [token]);
    }
  }
  return out;
}

/** A head written before sessions were split still holds the whole session. */
type LegacyHead = SessionHead & Partial<Pick<Session, "history" | "seen">>;

/**
 * Assemble a session from its stored head and items. The result is new and owned by the caller (the
 * head's objects are reused, not copied). `covered` is what the items hold: nothing for a legacy head,
 * whose next write must move its whole history to items.
 * INVARIANT: a legacy head has no items; the write that splits it replaces the head in the same step.
 */
export function joinSession(head: LegacyHead, items: readonly SessionItem[]): { session: Session; covered: Covered } {
  const { history, seen, ...rest } = head;
  const session = extendSession({ history: history ?? [], seen: seen ?? emptyIndex() }, rest, items);
  return { session, covered: history || seen ? NOTHING : coverage(session) };
}

/**
 * A session from a newer head and the items stored after the ones `base` was assembled from: `base`'s
 * history and seen-index are extended in place (it is consumed), so catching up costs the new items only.
 */
export function extendSession(base: Pick<Session, "history" | "seen">, head: SessionHead, items: readonly SessionItem[]): Session {
  for (const it of items) {
    if (it.step) base.history.push(it.step);
    if (it.source) indexTokens(base.seen, it.source, it.tokens ?? []);
  }
  return { ...head, history: base.history, seen: base.seen };
}
