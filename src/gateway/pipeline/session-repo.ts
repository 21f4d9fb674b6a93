// Sessions live in the sessions port as JSON values, changed only by compare-and-set.
//
// Every governed call reads its session, decides on it and writes it back; parsing the stored JSON (which
// grows with the session's history) was a visible share of a call. So the value a call wrote is kept in
// process with its version, and the next call reuses it after checking, with a read of the version alone,
// that nobody changed the session since: another replica sharing the store, an operator ending it, an
// approval. The compare-and-set stays the only way to write, so a stale copy can never be written back.
import type { Session } from "../../core/index.js";
import type { Json, SessionStore } from "../../ports/index.js";
import { WardenError } from "../../core/errors/index.js";

export interface LoadedSession {
  session: Session;
  version: number;
}

/** A store that can answer the current version without the value (SQLite and memory stores can). */
interface VersionProbe {
  version(id: string): Promise<number | null>;
}

const hasVersion = (s: SessionStore): s is SessionStore & VersionProbe => typeof (s as Partial<VersionProbe>).version === "function";

/** Sessions kept per store; bounded (a long session is tens of KB), least recently written first out. */
const MAX_CACHED = 2048;
const caches = new WeakMap<SessionStore, Map<string, LoadedSession>>();

function cacheOf(store: SessionStore): Map<string, LoadedSession> | null {
  if (!hasVersion(store)) return null;
  let c = caches.get(store);
  if (!c) caches.set(store, (c = new Map()));
  return c;
}

function remember(store: SessionStore, id: string, loaded: LoadedSession): void {
  const c = cacheOf(store);
  if (!c) return;
  c.delete(id);
  c.set(id, loaded);
  if (c.size > MAX_CACHED) c.delete(c.keys().next().value as string);
}

/**
 * The current session. The caller owns the returned object: observe() extends history in place, so a
 * cached copy is handed to one caller at a time (taken out of the cache) and only a value that was
 * written successfully goes back in.
 * INVARIANT: a cached copy is returned only when the store's version equals the copy's version.
 */
export async function loadSession(store: SessionStore, id: string): Promise<LoadedSession | null> {
  const c = cacheOf(store);
  const held = c?.get(id);
  if (c && held) {
    c.delete(id);
    if ((await (store as SessionStore & VersionProbe).version(id)) === held.version) return held;
  }
  const v = await store.get(id);
  return v ? { session: v.value as unknown as Session, version: v.version } : null;
}

/**
 * Apply `change` to the latest stored session, retrying on concurrent writes. The value returned is also
 * the cached copy the next call will take: read it, never change it.
 * INVARIANT: every change is applied to the version it read; nothing another call wrote is lost.
 */
export async function updateSession(store: SessionStore, id: string, change: (s: Session) => Session, attempts = 8, first?: LoadedSession): Promise<Session> {
  for (let i = 0; i < attempts; i++) {
    // The caller's copy saves a read when nothing changed since it loaded it; a conflict reloads.
    const cur = i === 0 && first ? first : await loadSession(store, id);
    if (!cur) throw new WardenError("NOT_FOUND", `session ${id} no longer exists`);
    const next = change(cur.session);
    const r = await store.compareAndSet(id, cur.version, next as unknown as Json);
    if (r.ok) {
      remember(store, id, { session: next, version: r.version });
      return next;
    }
  }
  throw new WardenError("SESSION_CONFLICT", `session ${id} kept changing under concurrent calls; retry the call`);
}
