import { describe, expect, it } from "vitest";
import type { ApprovalStore } from "../approvals.js";
import { useAdapters, type AdapterFactory } from "./harness.js";

export function approvalStoreConformance(name: string, factory: AdapterFactory<ApprovalStore>): void {
  describe(`ApprovalStore conformance: ${name}`, () => {
    const fresh = useAdapters(factory);

    it("creates pending entries and refuses duplicates", async () => {
      const a = await fresh();
      expect(await a.create("ap1", { tool: "transfer_funds" }, 5000)).toEqual({ id: "ap1", status: "pending", value: { tool: "transfer_funds" }, deadline: 5000, version: 1 });
      await expect(a.create("ap1", {}, 5000)).rejects.toMatchObject({ code: "STORE_ALREADY_EXISTS" });
      expect(await a.get("ap1")).toMatchObject({ status: "pending", version: 1 });
      expect(await a.get("zz")).toBeNull();
    });

    it("updates by compare-and-set; a pending entry may stay pending (multi-level) then becomes final", async () => {
      const a = await fresh();
      await a.create("ap1", { votes: [] }, 5000);
      expect(await a.update("ap1", 1, "pending", { votes: ["alice"] })).toEqual({ ok: true, version: 2 });
      expect(await a.update("ap1", 1, "approved", { votes: ["bob"] })).toMatchObject({ ok: false, current: { version: 2 } });
      expect(await a.update("ap1", 2, "approved", { votes: ["alice", "bob"] })).toEqual({ ok: true, version: 3 });
      expect(await a.get("ap1")).toMatchObject({ status: "approved", value: { votes: ["alice", "bob"] } });
    });

    it("never changes a final entry, even with the right version", async () => {
      const a = await fresh();
      await a.create("ap1", {}, 5000);
      await a.update("ap1", 1, "denied", { by: "carol" });
      expect((await a.update("ap1", 2, "approved", {})).ok).toBe(false);
      expect(await a.get("ap1")).toMatchObject({ status: "denied", version: 2 });
    });

    it("expires due entries exactly once, and an expired entry cannot be approved", async () => {
      const a = await fresh();
      await a.create("early", {}, 1000);
      await a.create("late", {}, 9000);
      await a.create("exact", {}, 2000);
      expect(await a.expireDue(2000)).toEqual(["early", "exact"]);
      expect(await a.expireDue(2000)).toEqual([]);
      const e = await a.get("early");
      expect(e?.status).toBe("expired");
      expect((await a.update("early", e?.version ?? 0, "approved", {})).ok).toBe(false);
      expect((await a.listPending()).map((x) => x.id)).toEqual(["late"]);
    });

    it("lists pending entries soonest deadline first", async () => {
      const a = await fresh();
      await a.create("b", {}, 3000);
      await a.create("a", {}, 1000);
      await a.create("c", {}, 2000);
      expect((await a.listPending()).map((x) => x.id)).toEqual(["a", "c", "b"]);
      expect((await a.listPending(1)).map((x) => x.id)).toEqual(["a"]);
    });
  });
}
