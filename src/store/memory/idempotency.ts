import type { IdempotencyClaim, IdempotencyStore } from "../../ports/idempotency.js";
import type { Json } from "../../ports/json.js";
import { checkId } from "../../ports/validate.js";
import { WardenError } from "../../core/errors/index.js";

export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly m = new Map<string, { expiresAt: number; result: string | null }>();

  async begin(key: string, opts: { now: number; ttlMs: number }): Promise<IdempotencyClaim> {
    checkId("idempotency key", key);
    if (!(opts.ttlMs > 0)) throw new WardenError("STORE_INVALID_ARGUMENT", "ttlMs must be > 0");
    const e = this.m.get(key);
    if (e && e.expiresAt > opts.now) return e.result === null ? { state: "pending" } : { state: "done", result: JSON.parse(e.result) as Json };
    this.m.set(key, { expiresAt: opts.now + opts.ttlMs, result: null });
    return { state: "new" };
  }

  async complete(key: string, result: Json): Promise<void> {
    const e = this.m.get(key);
    if (!e) throw new WardenError("STORE_NOT_FOUND", `idempotency key ${key} was not begun`);
    e.result = JSON.stringify(result);
  }

  async compact(now: number): Promise<number> {
    let n = 0;
    for (const [k, e] of this.m) if (e.expiresAt <= now && this.m.delete(k)) n++;
    return n;
  }

  async abandon(key: string): Promise<void> {
    this.m.delete(key);
  }
}
