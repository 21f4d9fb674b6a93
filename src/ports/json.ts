/** Any JSON value. Ports store opaque JSON so the shapes other layers define (sessions, approvals) fit unchanged. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A stored value with the version a compare-and-set must name. Versions start at 1 and go up by one per write. */
export interface Versioned<T = Json> {
  value: T;
  version: number;
}

/** Result of a compare-and-set: the new version, or what is stored now (null: nothing) so the caller can retry. */
export type CasResult<T = Json> = { ok: true; version: number } | { ok: false; current: Versioned<T> | null };
