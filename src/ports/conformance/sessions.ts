import { describe, expect, it } from "vitest";
import type { Json } from "../json.js";
import type { SessionStore, StoredSession } from "../sessions.js";
import { useAdapters, type AdapterFactory } from "./harness.js";

export function sessionStoreConformance(name: string, factory: AdapterFactory<SessionStore>): void {
  describe(`SessionStore conformance: ${name}`, () => {
    const fresh = useAdapters(factory);
    const stored = (head: Json, items: Json[] = []): StoredSession => ({ head, items });

    it("creates at version 1 and reads back an equal, detached value", async () => {
      const s = await fresh();
      const value = { head: { agent: "a", grants: ["read"], nested: { n: 1.5, ok: true, none: null } }, items: [{ step: 0 }, "request"] };
      expect(await s.create("s1", value)).toEqual({ value, version: 1 });
      value.head.grants.push("mutated-after-create");
      value.items.push("mutated-after-create");
      expect(await s.get("s1")).toEqual({ value: stored({ agent: "a", grants: ["read"], nested: { n: 1.5, ok: true, none: null } }, [{ step: 0 }, "request"]), version: 1 });
      expect(await s.version("s1")).toBe(1);
      expect(await s.get("nope")).toBeNull();
      expect(await s.version("nope")).toBeNull();
    });

    it("refuses a second create for the same id and an empty id", async () => {
      const s = await fresh();
      await s.create("s1", stored(1));
      await expect(s.create("s1", stored(2))).rejects.toMatchObject({ code: "STORE_ALREADY_EXISTS" });
      await expect(s.create("", stored(2))).rejects.toMatchObject({ code: "STORE_INVALID_ARGUMENT" });
      expect(await s.get("s1")).toEqual({ value: stored(1), version: 1 });
    });

    it("compare-and-set succeeds only on the current version and reports the version stored otherwise", async () => {
      const s = await fresh();
      await s.create("s1", stored({ n: 0 }));
      expect(await s.compareAndSet("s1", 1, { n: 1 })).toEqual({ ok: true, version: 2 });
      expect(await s.compareAndSet("s1", 1, { n: 99 })).toEqual({ ok: false, version: 2 });
      expect(await s.compareAndSet("missing", 1, { n: 1 })).toEqual({ ok: false, version: null });
      expect(await s.get("s1")).toEqual({ value: stored({ n: 1 }), version: 2 });
    });

    it("appends items after the stored ones, in order, with the head replaced", async () => {
      const s = await fresh();
      await s.create("s1", stored({ n: 0 }, ["i0"]));
      expect(await s.compareAndSet("s1", 1, { n: 1 }, ["i1", { big: "x".repeat(10_000) }])).toEqual({ ok: true, version: 2 });
      expect(await s.compareAndSet("s1", 2, { n: 2 })).toEqual({ ok: true, version: 3 });
      expect(await s.compareAndSet("s1", 3, { n: 3 }, [["i3"]])).toEqual({ ok: true, version: 4 });
      expect(await s.get("s1")).toEqual({ value: stored({ n: 3 }, ["i0", "i1", { big: "x".repeat(10_000) }, ["i3"]]), version: 4 });
      // A caller holding the first items reads the head and only the ones after.
      expect(await s.get("s1", { fromItem: 2 })).toEqual({ value: stored({ n: 3 }, [{ big: "x".repeat(10_000) }, ["i3"]]), version: 4 });
      expect(await s.get("s1", { fromItem: 4 })).toEqual({ value: stored({ n: 3 }), version: 4 });
    });

    it("a compare-and-set that loses appends nothing", async () => {
      const s = await fresh();
      await s.create("s1", stored({ n: 0 }));
      await s.compareAndSet("s1", 1, { n: 1 }, ["a"]);
      const lost = await s.compareAndSet("s1", 1, { n: 99 }, ["stale-1", "stale-2"]);
      expect(lost).toEqual({ ok: false, version: 2 });
      expect(await s.compareAndSet("missing", 0, { n: 1 }, ["x"])).toEqual({ ok: false, version: null });
      expect(await s.get("s1")).toEqual({ value: stored({ n: 1 }, ["a"]), version: 2 });
      expect(await s.get("missing")).toBeNull();
    });

    it("of concurrent writers on one version exactly one wins, and only its items are stored", async () => {
      const s = await fresh();
      await s.create("s1", stored({ n: 0 }, ["base"]));
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => s.compareAndSet("s1", 1, { n: i }, [`w${i}-a`, `w${i}-b`])));
      const won = results.findIndex((r) => r.ok);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(await s.get("s1")).toEqual({ value: stored({ n: won }, ["base", `w${won}-a`, `w${won}-b`]), version: 2 });
    });

    it("writers that retry on conflict lose nothing another wrote", async () => {
      const s = await fresh();
      await s.create("s1", stored({ n: 0 }));
      const writer = async (w: number) => {
        for (let k = 0; k < 5; k++)
          for (;;) {
            const cur = await s.get("s1");
            const n = (cur?.value.head as { n: number }).n;
            if ((await s.compareAndSet("s1", cur?.version ?? 0, { n: n + 1 }, [`${w}:${k}`])).ok) break;
          }
      };
      await Promise.all([0, 1, 2, 3].map(writer));
      const end = await s.get("s1");
      expect(end?.value.head).toEqual({ n: 20 });
      expect(end?.version).toBe(21);
      expect([...(end?.value.items ?? [])].sort()).toEqual([0, 1, 2, 3].flatMap((w) => [0, 1, 2, 3, 4].map((k) => `${w}:${k}`)).sort());
    });

    it("a head stored without items (a legacy whole value) reads back with none, and appends start after it", async () => {
      const s = await fresh();
      await s.create("s1", stored({ whole: true, history: [1, 2] }));
      expect(await s.get("s1")).toEqual({ value: stored({ whole: true, history: [1, 2] }), version: 1 });
      await s.compareAndSet("s1", 1, { whole: false }, ["h1", "h2"]);
      expect(await s.get("s1")).toEqual({ value: stored({ whole: false }, ["h1", "h2"]), version: 2 });
    });

    it("deletes a session with its items, and lists ids in order with paging", async () => {
      const s = await fresh();
      for (const id of ["c", "a", "b", "d"]) await s.create(id, stored(id, [`${id}0`]));
      await s.compareAndSet("b", 1, "b", ["b1"]);
      expect(await s.list()).toEqual(["a", "b", "c", "d"]);
      expect(await s.list({ after: "a", limit: 2 })).toEqual(["b", "c"]);
      expect(await s.delete("b")).toBe(true);
      expect(await s.delete("b")).toBe(false);
      expect(await s.list()).toEqual(["a", "c", "d"]);
      // A new session under a deleted id starts with no items of the old one.
      await s.create("b", stored("b again"));
      expect(await s.get("b")).toEqual({ value: stored("b again"), version: 1 });
      expect(await s.get("c")).toEqual({ value: stored("c", ["c0"]), version: 1 });
    });
  });
}
