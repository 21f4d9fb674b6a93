import { describe, expect, it } from "vitest";
import type { ControlStore } from "../control.js";
import { useAdapters, type AdapterFactory } from "./harness.js";

export function controlStoreConformance(name: string, factory: AdapterFactory<ControlStore>): void {
  describe(`ControlStore conformance: ${name}`, () => {
    const fresh = useAdapters(factory);

    it("sets and gets values with strictly increasing revisions", async () => {
      const c = await fresh();
      expect(await c.get("kill")).toBeNull();
      const r1 = await c.set("kill", { level: "halt", by: "ops" });
      const r2 = await c.set("pause:agent-7", true);
      const r3 = await c.set("kill", null);
      expect(r1).toBeLessThan(r2);
      expect(r2).toBeLessThan(r3);
      expect(await c.get("kill")).toEqual({ key: "kill", value: null, revision: r3 });
    });

    it("changesSince returns only later writes, ascending, latest value per key", async () => {
      const c = await fresh();
      const r1 = await c.set("a", 1);
      await c.set("b", 2);
      await c.set("a", 3);
      const since = await c.changesSince(r1);
      expect(since.map((e) => [e.key, e.value])).toEqual([["b", 2], ["a", 3]]);
      expect(await c.changesSince(since[since.length - 1]?.revision ?? 0)).toEqual([]);
      expect((await c.list()).map((e) => e.key)).toEqual(["b", "a"]);
    });
  });
}
