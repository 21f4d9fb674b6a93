import type { Json, Versioned } from "./json.js";

/**
 * A stored session: a small head that each write replaces, and items that writes only ever append (one per
 * step of the session). The port keeps both opaque; the session shape and the split belong to the session
 * layer (core/session/stored.ts).
 */
export interface StoredSession {
  head: Json;
  items: Json[];
}

/**
 * Result of a session compare-and-set: the new version, or the version stored now (null: no session).
 * Unlike other ports it does not return the stored value: a session's items grow with its length, and a
 * caller that lost the race reads what it needs (often only the items after the ones it holds).
 */
export type SessionCasResult = { ok: true; version: number } | { ok: false; version: number | null };

/**
 * Sessions with an optimistic version. A write is "compare-and-set the head, append these items" in one
 * atomic step, so a call writes what it changed and added, never the whole history.
 */
export interface SessionStore {
  /**
   * The head and the items in append order: all of them, or from the `fromItem`-th (0-based) on, for a
   * caller that holds the earlier ones (items never change once stored). One consistent snapshot.
   */
  get(id: string, opts?: { fromItem?: number }): Promise<Versioned<StoredSession> | null>;
  /** The stored version alone (nothing to parse): lets a caller holding a copy check it is current. */
  version(id: string): Promise<number | null>;
  /** Store a new session at version 1; STORE_ALREADY_EXISTS when the id is taken. */
  create(id: string, value: StoredSession): Promise<Versioned<StoredSession>>;
  /**
   * Only if the stored version is `expectedVersion`: replace the head and append `items` after the stored
   * ones, atomically. INVARIANT: a write that loses the compare appends nothing.
   */
  compareAndSet(id: string, expectedVersion: number, head: Json, items?: readonly Json[]): Promise<SessionCasResult>;
  /** Delete the head and its items; returns false when nothing was stored. */
  delete(id: string): Promise<boolean>;
  /** Ids in ascending order, after `after`, at most `limit`. */
  list(opts?: { after?: string; limit?: number }): Promise<string[]>;
}
