import type { Amounts, CounterState, CounterStore, ReserveRequest, ReserveResult } from "../../ports/counters.js";
import { checkAmounts, checkId } from "../../ports/validate.js";
import { immediate, type Db } from "./open.js";

class Refused extends Error {
  constructor(readonly result: Extract<ReserveResult, { ok: false }> & { index: number }) {
    super("reservation refused");
  }
}

function checkRequest(req: ReserveRequest): void {
  checkId("counter key", req.key);
  checkId("reservation id", req.reservationId);
  checkAmounts("amounts", req.amounts);
  checkAmounts("limits", req.limits);
}

/**
 * Budgets in SQLite. reserve() reads usage and live reservations and inserts its reservation inside one
 * BEGIN IMMEDIATE transaction, which holds the database write lock: two processes cannot both pass the check.
 */
export class SqliteCounterStore implements CounterStore {
  // Prepared once: budgets and rate limits run these on every governed call.
  private readonly q;

  constructor(private readonly db: Db) {
    this.q = {
      exists: db.prepare("SELECT 1 FROM reservations WHERE id = ?"),
      insert: db.prepare("INSERT INTO reservations (id, key, amounts, expires_at, state) VALUES (?, ?, ?, ?, 'live')"),
      liveKey: db.prepare("SELECT key FROM reservations WHERE id = ? AND state = 'live'"),
      settle: db.prepare("UPDATE reservations SET state = 'settled' WHERE id = ?"),
      release: db.prepare("UPDATE reservations SET state = 'released' WHERE id = ? AND state = 'live'"),
      compact: db.prepare("DELETE FROM reservations WHERE expires_at <= ?"),
      add: db.prepare("INSERT INTO counters (key, meter, used) VALUES (?, ?, ?) ON CONFLICT (key, meter) DO UPDATE SET used = used + excluded.used RETURNING used"),
      used: db.prepare("SELECT meter, used FROM counters WHERE key = ?"),
      reserved: db.prepare("SELECT amounts FROM reservations WHERE key = ? AND state = 'live' AND expires_at > ?").pluck(),
    };
  }

  async reserve(req: ReserveRequest): Promise<ReserveResult> {
    checkRequest(req);
    return immediate(this.db, () => this.reserveSync(req));
  }

  async reserveAll(reqs: ReserveRequest[]): Promise<{ ok: true } | (Extract<ReserveResult, { ok: false }> & { index: number })> {
    reqs.forEach(checkRequest);
    // No budget applies (no scope has limits): nothing to hold, so no write transaction either.
    if (reqs.length === 0) return { ok: true };
    try {
      // One IMMEDIATE transaction, one fsync: a refusal throws, which rolls back the ones already inserted.
      immediate(this.db, () =>
        reqs.forEach((r, index) => {
          const res = this.reserveSync(r);
          if (!res.ok) throw new Refused({ ...res, index });
        }),
      );
      return { ok: true };
    } catch (e) {
      if (e instanceof Refused) return e.result;
      throw e;
    }
  }

  async settleAll(reservationIds: string[], actual: Amounts): Promise<number> {
    checkAmounts("actual", actual);
    if (reservationIds.length === 0) return 0;
    return immediate(this.db, () => reservationIds.filter((id) => this.settleSync(id, actual)).length);
  }

  private reserveSync(req: ReserveRequest): ReserveResult {
    {
      if (this.q.exists.get(req.reservationId)) return { ok: true, duplicate: true };
      const state = this.stateSync(req.key, req.now);
      for (const [meter, amount] of Object.entries(req.amounts)) {
        const limit = req.limits[meter];
        if (limit === undefined) continue;
        const used = state.used[meter] ?? 0;
        const reserved = state.reserved[meter] ?? 0;
        if (used + reserved + amount > limit) return { ok: false, meter, used, reserved, requested: amount, limit };
      }
      this.q.insert.run(req.reservationId, req.key, JSON.stringify(req.amounts), req.expiresAt);
      return { ok: true, duplicate: false };
    }
  }

  async settle(reservationId: string, actual: Amounts): Promise<boolean> {
    checkAmounts("actual", actual);
    return immediate(this.db, () => this.settleSync(reservationId, actual));
  }

  private settleSync(reservationId: string, actual: Amounts): boolean {
    const r = this.q.liveKey.get(reservationId) as { key: string } | undefined;
    if (!r) return false;
    this.q.settle.run(reservationId);
    this.addSync(r.key, actual);
    return true;
  }

  async release(reservationId: string): Promise<boolean> {
    return this.q.release.run(reservationId).changes === 1;
  }

  async add(key: string, amounts: Amounts): Promise<Amounts> {
    checkId("counter key", key);
    checkAmounts("amounts", amounts);
    return immediate(this.db, () => this.addSync(key, amounts));
  }

  async compact(now: number): Promise<number> {
    return this.q.compact.run(now).changes;
  }

  async get(key: string, now: number): Promise<CounterState> {
    return this.stateSync(key, now);
  }

  private addSync(key: string, amounts: Amounts): Amounts {
    const out: Amounts = {};
    for (const [meter, v] of Object.entries(amounts)) out[meter] = (this.q.add.get(key, meter, v) as { used: number }).used;
    return out;
  }

  private stateSync(key: string, now: number): CounterState {
    const used: Amounts = {};
    for (const r of this.q.used.all(key) as { meter: string; used: number }[]) used[r.meter] = r.used;
    const reserved: Amounts = {};
    for (const text of this.q.reserved.all(key, now) as string[]) {
      for (const [k, v] of Object.entries(JSON.parse(text) as Amounts)) reserved[k] = (reserved[k] ?? 0) + v;
    }
    return { used, reserved };
  }
}
