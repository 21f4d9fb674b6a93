import type { IdempotencyClaim, IdempotencyStore } from "../../ports/idempotency.js";
import type { Json } from "../../ports/json.js";
import { checkId } from "../../ports/validate.js";
import { WardenError } from "../../core/errors/index.js";
import { parseJson } from "./json.js";
import { immediate, type Db } from "./open.js";

export class SqliteIdempotencyStore implements IdempotencyStore {
  constructor(private readonly db: Db) {}

  async begin(key: string, opts: { now: number; ttlMs: number }): Promise<IdempotencyClaim> {
    checkId("idempotency key", key);
    if (!(opts.ttlMs > 0)) throw new WardenError("STORE_INVALID_ARGUMENT", "ttlMs must be > 0");
    return immediate(this.db, (): IdempotencyClaim => {
      const r = this.db.prepare("SELECT expires_at, result FROM idempotency WHERE key = ?").get(key) as { expires_at: number; result: string | null } | undefined;
      if (r && r.expires_at > opts.now) return r.result === null ? { state: "pending" } : { state: "done", result: parseJson(r.result, `idempotency ${key}`) };
      this.db.prepare("INSERT INTO idempotency (key, expires_at, result) VALUES (?, ?, NULL) ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at, result = NULL").run(key, opts.now + opts.ttlMs);
      return { state: "new" };
    });
  }

  async complete(key: string, result: Json): Promise<void> {
    const res = this.db.prepare("UPDATE idempotency SET result = ? WHERE key = ?").run(JSON.stringify(result), key);
    if (res.changes === 0) throw new WardenError("STORE_NOT_FOUND", `idempotency key ${key} was not begun`);
  }

  async compact(now: number): Promise<number> {
    return this.db.prepare("DELETE FROM idempotency WHERE expires_at <= ?").run(now).changes;
  }

  async abandon(key: string): Promise<void> {
    this.db.prepare("DELETE FROM idempotency WHERE key = ?").run(key);
  }
}
