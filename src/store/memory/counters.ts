import type { Amounts, CounterState, CounterStore, ReserveRequest, ReserveResult } from "../../ports/counters.js";
import { checkAmounts, checkId } from "../../ports/validate.js";

interface Reservation {
  key: string;
  amounts: Amounts;
  expiresAt: number;
  state: "live" | "settled" | "released";
  result: ReserveResult;
}

export class MemoryCounterStore implements CounterStore {
  private readonly used = new Map<string, Amounts>();
  private readonly reservations = new Map<string, Reservation>();

  async reserve(req: ReserveRequest): Promise<ReserveResult> {
    checkId("counter key", req.key);
    checkId("reservation id", req.reservationId);
    checkAmounts("amounts", req.amounts);
    checkAmounts("limits", req.limits);
    const prior = this.reservations.get(req.reservationId);
    if (prior) return prior.result.ok ? { ok: true, duplicate: true } : prior.result;
    const state = this.state(req.key, req.now);
    for (const [meter, amount] of Object.entries(req.amounts)) {
      const limit = req.limits[meter];
      if (limit === undefined) continue;
      const u = state.used[meter] ?? 0;
      const r = state.reserved[meter] ?? 0;
      if (u + r + amount > limit) {
        const result: ReserveResult = { ok: false, meter, used: u, reserved: r, requested: amount, limit };
        return result;
      }
    }
    this.reservations.set(req.reservationId, { key: req.key, amounts: { ...req.amounts }, expiresAt: req.expiresAt, state: "live", result: { ok: true, duplicate: false } });
    return { ok: true, duplicate: false };
  }

  async reserveAll(reqs: ReserveRequest[]): Promise<{ ok: true } | (Extract<ReserveResult, { ok: false }> & { index: number })> {
    // No await between the steps: nothing else runs in between, so this is all-or-none.
    const taken: string[] = [];
    for (const [index, req] of reqs.entries()) {
      const r = await this.reserve(req);
      if (!r.ok) {
        // Leave no trace, as the SQLite transaction's rollback does: a retry with the same ids starts afresh.
        for (const id of [...taken, req.reservationId]) this.reservations.delete(id);
        return { ...r, index };
      }
      if (!r.duplicate) taken.push(req.reservationId);
    }
    return { ok: true };
  }

  async settleAll(reservationIds: string[], actual: Amounts): Promise<number> {
    let n = 0;
    for (const id of reservationIds) if (await this.settle(id, actual)) n++;
    return n;
  }

  async settle(reservationId: string, actual: Amounts): Promise<boolean> {
    checkAmounts("actual", actual);
    const r = this.reservations.get(reservationId);
    if (!r || r.state !== "live") return false;
    r.state = "settled";
    this.addTo(r.key, actual);
    return true;
  }

  async release(reservationId: string): Promise<boolean> {
    const r = this.reservations.get(reservationId);
    if (!r || r.state !== "live") return false;
    r.state = "released";
    return true;
  }

  async add(key: string, amounts: Amounts): Promise<Amounts> {
    checkId("counter key", key);
    checkAmounts("amounts", amounts);
    const u = this.addTo(key, amounts);
    return Object.fromEntries(Object.keys(amounts).map((k) => [k, u[k] ?? 0]));
  }

  async compact(now: number): Promise<number> {
    let n = 0;
    for (const [id, r] of this.reservations) if (r.expiresAt <= now && this.reservations.delete(id)) n++;
    return n;
  }

  async get(key: string, now: number): Promise<CounterState> {
    return this.state(key, now);
  }

  private addTo(key: string, amounts: Amounts): Amounts {
    const u = this.used.get(key) ?? {};
    for (const [k, v] of Object.entries(amounts)) u[k] = (u[k] ?? 0) + v;
    this.used.set(key, u);
    return u;
  }

  private state(key: string, now: number): CounterState {
    const reserved: Amounts = {};
    for (const r of this.reservations.values()) {
      if (r.key !== key || r.state !== "live" || r.expiresAt <= now) continue;
      for (const [k, v] of Object.entries(r.amounts)) reserved[k] = (reserved[k] ?? 0) + v;
    }
    return { used: { ...(this.used.get(key) ?? {}) }, reserved };
  }
}
