import { describe, expect, it } from "vitest";
import type { IdempotencyStore } from "../idempotency.js";
import { useAdapters, type AdapterFactory } from "./harness.js";

export function idempotencyStoreConformance(name: string, factory: AdapterFactory<IdempotencyStore>): void {
  describe(`IdempotencyStore conformance: ${name}`, () => {
    const fresh = useAdapters(factory);

    it("the first caller gets new, the next pending, then the stored result", async () => {
      const s = await fresh();
      expect(await s.begin("k", { now: 0, ttlMs: 1000 })).toEqual({ state: "new" });
      expect(await s.begin("k", { now: 10, ttlMs: 1000 })).toEqual({ state: "pending" });
      await s.complete("k", { status: 200, body: ["x"] });
      expect(await s.begin("k", { now: 20, ttlMs: 1000 })).toEqual({ state: "done", result: { status: 200, body: ["x"] } });
    });

    it("compact forgets expired keys only", async () => {
      const s = await fresh();
      await s.begin("old", { now: 0, ttlMs: 100 });
      await s.complete("old", { ok: true });
      await s.begin("fresh", { now: 0, ttlMs: 10_000 });
      expect(await s.compact(500)).toBe(1);
      expect(await s.begin("fresh", { now: 600, ttlMs: 10_000 })).toEqual({ state: "pending" });
      expect(await s.begin("old", { now: 600, ttlMs: 100 })).toEqual({ state: "new" });
    });

    it("of concurrent claims exactly one is new", async () => {
      const s = await fresh();
      const claims = await Promise.all(Array.from({ length: 10 }, () => s.begin("k", { now: 0, ttlMs: 1000 })));
      expect(claims.filter((c) => c.state === "new")).toHaveLength(1);
    });

    it("an abandoned or expired key can be claimed again", async () => {
      const s = await fresh();
      await s.begin("k", { now: 0, ttlMs: 1000 });
      await s.abandon("k");
      expect(await s.begin("k", { now: 1, ttlMs: 1000 })).toEqual({ state: "new" });
      expect(await s.begin("k", { now: 1001, ttlMs: 1000 })).toEqual({ state: "new" });
    });

    it("complete without begin and bad arguments are errors", async () => {
      const s = await fresh();
      await expect(s.complete("never", 1)).rejects.toMatchObject({ code: "STORE_NOT_FOUND" });
      await expect(s.begin("", { now: 0, ttlMs: 1 })).rejects.toMatchObject({ code: "STORE_INVALID_ARGUMENT" });
      await expect(s.begin("k", { now: 0, ttlMs: 0 })).rejects.toMatchObject({ code: "STORE_INVALID_ARGUMENT" });
    });
  });
}
