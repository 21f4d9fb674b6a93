import type { CasResult, Json, Versioned } from "./json.js";

/** Sessions as opaque JSON values with an optimistic version. The session shape belongs to the control layer. */
export interface SessionStore {
  get(id: string): Promise<Versioned | null>;
  /** Store a new session at version 1; STORE_ALREADY_EXISTS when the id is taken. */
  create(id: string, value: Json): Promise<Versioned>;
  /** Replace the value only if the stored version is `expectedVersion`. */
  compareAndSet(id: string, expectedVersion: number, value: Json): Promise<CasResult>;
  /** Delete; returns false when nothing was stored. */
  delete(id: string): Promise<boolean>;
  /** Ids in ascending order, after `after`, at most `limit`. */
  list(opts?: { after?: string; limit?: number }): Promise<string[]>;
}
