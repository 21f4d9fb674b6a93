import type { Json } from "./json.js";

export type IdempotencyClaim = { state: "new" } | { state: "pending" } | { state: "done"; result: Json };

/** Idempotency keys: the first caller claims a key and runs; a retry sees "pending" or the stored result. */
export interface IdempotencyStore {
  /** INVARIANT: for a live key exactly one caller ever gets "new". Expired entries (now ≥ expiry) are claimable again. */
  begin(key: string, opts: { now: number; ttlMs: number }): Promise<IdempotencyClaim>;
  complete(key: string, result: Json): Promise<void>;
  /** Give the key up (the call failed before any effect) so a retry may run. */
  abandon(key: string): Promise<void>;
  /** Forget keys whose expiry has passed (they are claimable again anyway); returns how many. */
  compact(now: number): Promise<number>;
}
