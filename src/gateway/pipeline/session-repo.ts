// Sessions live in the sessions port as a head plus append-only step items (core/session/stored.ts),
// changed only by compare-and-set on the head's version, which appends the items a change added.
//
// Every governed call reads its session, decides on it and writes it back. A write rewrites the head and
// appends only the call's own item, so its cost does not grow with the session. Reading and rebuilding a
// whole session does grow, so the value a call wrote is kept in process with its version, and the next call
// reuses it after checking, with a read of the version alone, that nobody changed the session since. If
// somebody did (another replica sharing the store, an operator ending it, an approval), the copy catches up
// by reading the new head and only the items stored after its own. The compare-and-set stays the only way
// to write, so a stale copy can never be written back.
import { coverage, extendSession, joinSession, sessionHead, splitItems, type Covered, type Observed, type Session, type SessionHead, type SessionItem } from "../../core/index.js";
import type { Json, SessionStore } from "../../ports/index.js";
import { WardenError } from "../../core/errors/index.js";

export interface LoadedSession {
  session: Session;
  version: number;
  /** What of `session` the stored items hold, taken when it was read (observe() grows it in place later). */
  covered: Covered;
  /** How many stored items `session` was assembled from. */
  items: number;
}

/** Sessions kept per store; bounded, least recently written first out. */
const MAX_CACHED = 2048;
const caches = new WeakMap<SessionStore, Map<string, LoadedSession>>();

function cacheOf(store: SessionStore): Map<string, LoadedSession> {
  let c = caches.get(store);
  if (!c) caches.set(store, (c = new Map()));
  return c;
}

function remember(store: SessionStore, id: string, loaded: LoadedSession): void {
  const c = cacheOf(store);
  c.delete(id);
  c.set(id, loaded);
  if (c.size > MAX_CACHED) c.delete(c.keys().next().value as string);
}

/** The session as stored now, assembled from its head and items, bypassing the in-process copy. */
export async function readSession(store: SessionStore, id: string): Promise<LoadedSession | null> {
  const v = await store.get(id);
  if (!v) return null;
  const { session, covered } = joinSession(v.value.head as unknown as SessionHead, v.value.items as unknown as SessionItem[]);
  return { session, version: v.version, covered, items: v.value.items.length };
}

/**
 * Bring a copy that was current at an older version up to date with the items stored after its own.
 * Null when that is not possible (the session is gone, or its version went back: deleted and recreated).
 * INVARIANT: stored items never change, so items [0, held.items) are what `held` was built from.
 */
async function catchUp(store: SessionStore, id: string, held: LoadedSession): Promise<LoadedSession | null> {
  const v = await store.get(id, { fromItem: held.items });
  if (!v || v.version <= held.version) return null;
  const head = v.value.head as unknown as SessionHead & Partial<Session>;
  if (head.history || head.seen) return null; // a whole-value head: not a continuation of this copy
  const session = extendSession(held.session, head, v.value.items as unknown as SessionItem[]);
  return { session, version: v.version, covered: coverage(session), items: held.items + v.value.items.length };
}

/**
 * The current session. The caller owns the returned object: observe() extends history in place, so a
 * cached copy is handed to one caller at a time (taken out of the cache) and only a value that was
 * written successfully goes back in.
 * INVARIANT: a cached copy is returned only when the store's version equals the copy's version.
 */
export async function loadSession(store: SessionStore, id: string): Promise<LoadedSession | null> {
  const c = cacheOf(store);
  const held = c.get(id);
  if (held) {
    c.delete(id);
    const version = await store.version(id);
    if (version === held.version) return held;
    if (version !== null && version > held.version) {
      const caught = await catchUp(store, id, held);
      if (caught) return caught;
    }
  }
  return readSession(store, id);
}

/**
 * The current session for a reader that does not write it (an ownership check, a view): the copy stays in
 * the cache for the next call instead of being taken, so reading a session does not make its next call
 * rebuild it. The caller must not change the value and should use it right away: a call extends it in place.
 */
export async function peekSession(store: SessionStore, id: string): Promise<Session | null> {
  const loaded = await loadSession(store, id);
  if (!loaded) return null;
  remember(store, id, loaded);
  return loaded.session;
}

/** Store a new session: its head, and its request (if any) as the first item. */
export async function createStoredSession(store: SessionStore, session: Session): Promise<void> {
  await store.create(session.id, { head: sessionHead(session) as unknown as Json, items: splitItems(session) as unknown as Json[] });
}

/**
 * Apply a change of the head (status, labels, counters) to the latest stored session, retrying on
 * concurrent writes. The value returned is also the cached copy the next call will take: read it, never
 * change it.
 * INVARIANT: every change is applied to the version it read; nothing another call wrote is lost.
 */
export async function updateSession(store: SessionStore, id: string, change: (s: Session) => Session, attempts = 8, first?: LoadedSession): Promise<Session> {
  return write(store, id, (s) => ({ session: change(s), items: [] }), attempts, first);
}

/** Like updateSession, for a step observed into the session (observeStep): appends the step's item. */
export async function appendStep(store: SessionStore, id: string, step: (s: Session) => Observed, attempts = 8, first?: LoadedSession): Promise<Session> {
  return write(store, id, (s) => {
    const o = step(s);
    return { session: o.session, items: [o.item] };
  }, attempts, first);
}

async function write(store: SessionStore, id: string, change: (s: Session) => { session: Session; items: SessionItem[] }, attempts: number, first?: LoadedSession): Promise<Session> {
  for (let i = 0; i < attempts; i++) {
    // The caller's copy saves a read when nothing changed since it loaded it; a conflict reloads.
    const cur = i === 0 && first ? first : await loadSession(store, id);
    if (!cur) throw new WardenError("NOT_FOUND", `session ${id} no longer exists`);
    const { session: next, items } = change(cur.session);
    const append = itemsToAppend(cur.covered, next, items);
    const r = await store.compareAndSet(id, cur.version, sessionHead(next) as unknown as Json, append as unknown as Json[]);
    if (r.ok) {
      remember(store, id, { session: next, version: r.version, covered: coverage(next), items: cur.items + append.length });
      return next;
    }
  }
  throw new WardenError("SESSION_CONFLICT", `session ${id} kept changing under concurrent calls; retry the call`);
}

/**
 * The items that bring the stored ones up to `next`: the change's own items when they account for
 * everything it appended (a step: O(1)); otherwise derived from the session (a legacy whole-value head,
 * whose history moves to items on this write: O(session), once).
 * INVARIANT: after the write, the stored items hold all of `next`'s history and seen-index.
 */
function itemsToAppend(covered: Covered, next: Session, items: SessionItem[]): SessionItem[] {
  const want = coverage(next);
  let steps = 0;
  let sources = 0;
  for (const it of items) {
    if (it.step) steps++;
    if (it.source) sources++;
  }
  if (want.history - covered.history === steps && want.sources - covered.sources === sources) return items;
  return splitItems(next, covered);
}
