import { describe, expect, it } from "vitest";
import type { SessionStore } from "../sessions.js";
import { useAdapters, type AdapterFactory } from "./harness.js";

export function sessionStoreConformance(name: string, factory: AdapterFactory<SessionStore>): void {
  describe(`SessionStore conformance: ${name}`, () => {
    const fresh = useAdapters(factory);

    it("creates at version 1 and reads back an equal, detached value", async () => {
      const s = await fresh();
      const value = { agent: "a", grants: ["read"], nested: { n: 1.5, ok: true, none: null } };
      expect(await s.create("s1", value)).toEqual({ value, version: 1 });
      value.grants.push("mutated-after-create");
      expect(await s.get("s1")).toEqual({ value: { agent: "a", grants: ["read"], nested: { n: 1.5, ok: true, none: null } }, version: 1 });
      expect(await s.get("nope")).toBeNull();
    });

    it("refuses a second create for the same id and an empty id", async () => {
      const s = await fresh();
      await s.create("s1", 1);
      await expect(s.create("s1", 2)).rejects.toMatchObject({ code: "STORE_ALREADY_EXISTS" });
      await expect(s.create("", 2)).rejects.toMatchObject({ code: "STORE_INVALID_ARGUMENT" });
    });

    it("compare-and-set succeeds only on the current version and reports what is stored otherwise", async () => {
      const s = await fresh();
      await s.create("s1", { n: 0 });
      expect(await s.compareAndSet("s1", 1, { n: 1 })).toEqual({ ok: true, version: 2 });
      expect(await s.compareAndSet("s1", 1, { n: 99 })).toEqual({ ok: false, current: { value: { n: 1 }, version: 2 } });
      expect(await s.compareAndSet("missing", 1, { n: 1 })).toEqual({ ok: false, current: null });
      expect(await s.get("s1")).toEqual({ value: { n: 1 }, version: 2 });
    });

    it("of concurrent writers on one version exactly one wins", async () => {
      const s = await fresh();
      await s.create("s1", { n: 0 });
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => s.compareAndSet("s1", 1, { n: i })));
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect((await s.get("s1"))?.version).toBe(2);
    });

    it("deletes and lists ids in order with paging", async () => {
      const s = await fresh();
      for (const id of ["c", "a", "b", "d"]) await s.create(id, id);
      expect(await s.list()).toEqual(["a", "b", "c", "d"]);
      expect(await s.list({ after: "a", limit: 2 })).toEqual(["b", "c"]);
      expect(await s.delete("b")).toBe(true);
      expect(await s.delete("b")).toBe(false);
      expect(await s.list()).toEqual(["a", "c", "d"]);
    });
  });
}
