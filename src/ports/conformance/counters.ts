import { describe, expect, it } from "vitest";
import type { CounterStore } from "../counters.js";
import { useAdapters, type AdapterFactory } from "./harness.js";

export function counterStoreConformance(name: string, factory: AdapterFactory<CounterStore>): void {
  describe(`CounterStore conformance: ${name}`, () => {
    const fresh = useAdapters(factory);
    const base = { key: "sess-1", now: 1000, expiresAt: 61_000 };

    it("reserves within limits, refuses past them, and says which meter", async () => {
      const c = await fresh();
      expect(await c.reserve({ ...base, reservationId: "r1", amounts: { cost_usd: 6, tool_calls: 1 }, limits: { cost_usd: 10, tool_calls: 5 } })).toEqual({ ok: true, duplicate: false });
      expect(await c.reserve({ ...base, reservationId: "r2", amounts: { cost_usd: 5, tool_calls: 1 }, limits: { cost_usd: 10, tool_calls: 5 } })).toEqual({ ok: false, meter: "cost_usd", used: 0, reserved: 6, requested: 5, limit: 10 });
      expect(await c.get("sess-1", 1000)).toEqual({ used: {}, reserved: { cost_usd: 6, tool_calls: 1 } });
    });

    it("reserveAll holds every reservation or none, and names the one that did not fit", async () => {
      const c = await fresh();
      const req = (key: string, id: string, limit: number) => ({ ...base, key, reservationId: id, amounts: { usd: 4 }, limits: { usd: limit } });
      expect(await c.reserveAll([req("s", "a1", 10), req("t", "a2", 10)])).toEqual({ ok: true });
      expect(await c.reserveAll([req("s", "b1", 10), req("t", "b2", 7)])).toEqual({ ok: false, index: 1, meter: "usd", used: 0, reserved: 4, requested: 4, limit: 7 });
      expect(await c.get("s", 1000)).toEqual({ used: {}, reserved: { usd: 4 } });
      // Nothing of the refused attempt remains: the same ids can be tried again.
      expect(await c.reserveAll([req("s", "b1", 10), req("t", "b2", 10)])).toEqual({ ok: true });
      expect(await c.settleAll(["a1", "a2", "nope"], { usd: 3 })).toBe(2);
      expect(await c.get("t", 1000)).toEqual({ used: { usd: 3 }, reserved: { usd: 4 } });
    });

    it("compact forgets reservations past their expiry and keeps usage and live ones", async () => {
      const c = await fresh();
      await c.reserve({ ...base, reservationId: "old", amounts: { usd: 2 }, limits: { usd: 10 }, expiresAt: 5000 });
      await c.settle("old", { usd: 2 });
      await c.reserve({ ...base, reservationId: "lapsed", amounts: { usd: 3 }, limits: { usd: 10 }, expiresAt: 6000 });
      await c.reserve({ ...base, reservationId: "live", amounts: { usd: 1 }, limits: { usd: 10 }, expiresAt: 90_000 });
      expect(await c.compact(7000)).toBe(2);
      expect(await c.get("sess-1", 7000)).toEqual({ used: { usd: 2 }, reserved: { usd: 1 } });
      expect(await c.settle("live", { usd: 1 })).toBe(true);
      expect(await c.compact(7000)).toBe(0);
    });

    it("a meter without a limit is unbounded; a limit of 0 refuses any positive amount", async () => {
      const c = await fresh();
      expect((await c.reserve({ ...base, reservationId: "r1", amounts: { tokens: 1e9 }, limits: {} })).ok).toBe(true);
      expect((await c.reserve({ ...base, reservationId: "r2", amounts: { x: 1 }, limits: { x: 0 } })).ok).toBe(false);
    });

    it("settles the actual amount (not the reserved one) and frees the reservation", async () => {
      const c = await fresh();
      await c.reserve({ ...base, reservationId: "r1", amounts: { cost_usd: 8 }, limits: { cost_usd: 10 } });
      expect(await c.settle("r1", { cost_usd: 3 })).toBe(true);
      expect(await c.settle("r1", { cost_usd: 3 })).toBe(false);
      expect(await c.get("sess-1", 1000)).toEqual({ used: { cost_usd: 3 }, reserved: {} });
      expect((await c.reserve({ ...base, reservationId: "r2", amounts: { cost_usd: 7 }, limits: { cost_usd: 10 } })).ok).toBe(true);
      expect((await c.reserve({ ...base, reservationId: "r3", amounts: { cost_usd: 0.5 }, limits: { cost_usd: 10 } })).ok).toBe(false);
    });

    it("release drops a reservation without usage; unknown ids are reported", async () => {
      const c = await fresh();
      await c.reserve({ ...base, reservationId: "r1", amounts: { cost_usd: 8 }, limits: { cost_usd: 10 } });
      expect(await c.release("r1")).toBe(true);
      expect(await c.release("r1")).toBe(false);
      expect(await c.settle("nope", {})).toBe(false);
      expect(await c.get("sess-1", 1000)).toEqual({ used: {}, reserved: {} });
    });

    it("the same reservation id twice reserves once", async () => {
      const c = await fresh();
      const req = { ...base, reservationId: "r1", amounts: { cost_usd: 4 }, limits: { cost_usd: 10 } };
      expect(await c.reserve(req)).toEqual({ ok: true, duplicate: false });
      expect(await c.reserve(req)).toEqual({ ok: true, duplicate: true });
      expect((await c.get("sess-1", 1000)).reserved).toEqual({ cost_usd: 4 });
    });

    it("an expired reservation stops counting, but settling it still records the spend", async () => {
      const c = await fresh();
      await c.reserve({ ...base, reservationId: "r1", amounts: { cost_usd: 9 }, limits: { cost_usd: 10 } });
      expect((await c.reserve({ ...base, now: 61_000, expiresAt: 120_000, reservationId: "r2", amounts: { cost_usd: 9 }, limits: { cost_usd: 10 } })).ok).toBe(true);
      expect(await c.settle("r1", { cost_usd: 2 })).toBe(true);
      expect((await c.get("sess-1", 61_000)).used).toEqual({ cost_usd: 2 });
    });

    it("keys are independent, add() is unconditional, bad amounts are refused", async () => {
      const c = await fresh();
      expect(await c.add("k1", { calls: 2 })).toEqual({ calls: 2 });
      expect(await c.add("k1", { calls: 3, tokens: 10 })).toEqual({ calls: 5, tokens: 10 });
      expect((await c.get("k2", 0)).used).toEqual({});
      await expect(c.add("k1", { calls: -1 })).rejects.toMatchObject({ code: "STORE_INVALID_ARGUMENT" });
      await expect(c.reserve({ ...base, reservationId: "r", amounts: { x: Number.NaN }, limits: {} })).rejects.toMatchObject({ code: "STORE_INVALID_ARGUMENT" });
    });

    it("concurrent reservations never exceed the limit together", async () => {
      const c = await fresh();
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) => c.reserve({ ...base, reservationId: `r${i}`, amounts: { tool_calls: 1 }, limits: { tool_calls: 20 } })));
      expect(results.filter((r) => r.ok)).toHaveLength(20);
      expect((await c.get("sess-1", 1000)).reserved).toEqual({ tool_calls: 20 });
    });
  });
}
