// Sessions live in the sessions port as JSON values, changed only by compare-and-set.
import type { Session } from "../../core/index.js";
import type { Json, SessionStore } from "../../ports/index.js";
import { WardenError } from "../../core/errors/index.js";

export interface LoadedSession {
  session: Session;
  version: number;
}

export async function loadSession(store: SessionStore, id: string): Promise<LoadedSession | null> {
  const v = await store.get(id);
  return v ? { session: v.value as unknown as Session, version: v.version } : null;
}

/**
 * Apply `change` to the latest stored session, retrying on concurrent writes.
 * INVARIANT: every change is applied to the version it read; nothing another call wrote is lost.
 */
export async function updateSession(store: SessionStore, id: string, change: (s: Session) => Session, attempts = 8, first?: LoadedSession): Promise<Session> {
  for (let i = 0; i < attempts; i++) {
    // The caller's copy saves a read when nothing changed since it loaded it; a conflict reloads.
    const cur = i === 0 && first ? first : await loadSession(store, id);
    if (!cur) throw new WardenError("NOT_FOUND", `session ${id} no longer exists`);
    const next = change(cur.session);
    const r = await store.compareAndSet(id, cur.version, next as unknown as Json);
    if (r.ok) return next;
  }
  throw new WardenError("SESSION_CONFLICT", `session ${id} kept changing under concurrent calls; retry the call`);
}
