// Counters with atomic reserve/settle, for budgets: a call reserves what it may consume before it runs and
// settles the actual amount after. Two gateway processes sharing a store never overspend together.

export type Amounts = Record<string, number>;

export interface CounterState {
  /** Settled consumption per meter. */
  used: Amounts;
  /** Live (unexpired, unsettled) reservations per meter. */
  reserved: Amounts;
}

export interface ReserveRequest {
  key: string;
  /** Chosen by the caller; reserving the same id twice is a no-op that reports the first outcome. */
  reservationId: string;
  amounts: Amounts;
  /** Per-meter ceilings on used + reserved + amount; a meter with no limit is unbounded. */
  limits: Amounts;
  /** Epoch ms. */
  now: number;
  /** The reservation stops counting after this (a crashed caller cannot hold budget forever). */
  expiresAt: number;
}

export type ReserveResult =
  | { ok: true; duplicate: boolean }
  | { ok: false; meter: string; used: number; reserved: number; requested: number; limit: number };

export interface CounterStore {
  /** INVARIANT: atomic across processes: for every meter, used + live reserved never exceeds its limit through reserve(). */
  reserve(req: ReserveRequest): Promise<ReserveResult>;
  /** Turn a reservation into usage of `actual` (which may differ from what was reserved). False if unknown or already settled/released. */
  settle(reservationId: string, actual: Amounts): Promise<boolean>;
  /** Drop a reservation without usage. False if unknown or already settled/released. */
  release(reservationId: string): Promise<boolean>;
  /**
   * Reserve several at once (a call's session, agent and tenant budgets): all or none, in one atomic step.
   * On refusal, `index` names the request that did not fit and nothing is held.
   */
  reserveAll(reqs: ReserveRequest[]): Promise<{ ok: true } | (Extract<ReserveResult, { ok: false }> & { index: number })>;
  /** Settle several reservations in one step; returns how many were live. */
  settleAll(reservationIds: string[], actual: Amounts): Promise<number>;
  /** Unconditional increment (rate-limit windows, token meters). Returns the new used amounts for those meters. */
  add(key: string, amounts: Amounts): Promise<Amounts>;
  get(key: string, now: number): Promise<CounterState>;
  /**
   * Forget reservations whose expiry has passed — settled, released or lapsed — so the store does not grow
   * with every call. Usage already settled stays in the counters. Returns how many were removed.
   */
  compact(now: number): Promise<number>;
}
