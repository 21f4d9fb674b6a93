import { describe, expect, it } from "vitest";
import type { AuditRow, AuditStore, AuditTail } from "../audit.js";
import { useAdapters, type AdapterFactory } from "./harness.js";

function row(seq: number, fields: Record<string, unknown> = {}): AuditRow {
  const header = JSON.stringify({ seq, timestamp: `2026-03-18T14:00:${String(seq % 60).padStart(2, "0")}.000Z`, kind: "intent", session_id: "s1", ...fields });
  return { seq, header, leafHash: new Uint8Array(32).fill(seq % 256), payload: JSON.stringify({ n: seq }) };
}

/** A 32-byte stand-in for a frontier hash, so tests can see which tail build was given. */
const node = (x: number): Uint8Array => new Uint8Array(32).fill(x % 256);

/** Append rows carrying `fields`; the fake frontier is [node(size)]. */
async function appendN(a: AuditStore, n: number, fields: (seq: number) => Record<string, unknown> = () => ({})): Promise<AuditTail> {
  return a.append((tail) => {
    const rows = Array.from({ length: n }, (_, i) => row(tail.size + i + 1, fields(tail.size + i + 1)));
    return { rows, tail: { size: tail.size + n, frontier: [node(tail.size + n)] } };
  });
}

async function collect(it: AsyncIterable<AuditRow[]>): Promise<AuditRow[]> {
  const out: AuditRow[] = [];
  for await (const b of it) out.push(...b);
  return out;
}

export function auditStoreConformance(name: string, factory: AdapterFactory<AuditStore>): void {
  describe(`AuditStore conformance: ${name}`, () => {
    const fresh = useAdapters(factory);

    it("starts empty and hands build the current tail", async () => {
      const a = await fresh();
      expect(await a.tail()).toEqual({ size: 0, frontier: [] });
      await appendN(a, 3);
      const seen: AuditTail[] = [];
      await a.append((tail) => {
        seen.push(tail);
        return { rows: [row(4)], tail: { size: 4, frontier: [node(9), node(10)] } };
      });
      expect(seen[0]?.size).toBe(3);
      expect(seen[0]?.frontier).toEqual([node(3)]);
      expect(await a.tail()).toEqual({ size: 4, frontier: [node(9), node(10)] });
    });

    it("stores rows exactly and returns them by seq, in scans and as leaf hashes", async () => {
      const a = await fresh();
      await appendN(a, 5);
      expect(await a.get(2)).toEqual(row(2));
      expect(await a.get(6)).toBeNull();
      const scanned = await collect(a.scan(2, 4, 2));
      expect(scanned.map((r) => r.seq)).toEqual([2, 3, 4]);
      expect(scanned[1]).toEqual(row(3));
      expect((await a.leafHashes(1, 5)).map((h) => h[0])).toEqual([1, 2, 3, 4, 5]);
    });

    it("rejects an out-of-order plan and stores none of it", async () => {
      const a = await fresh();
      await appendN(a, 2);
      await expect(a.append(() => ({ rows: [row(3), row(5)], tail: { size: 4, frontier: [] } }))).rejects.toBeTruthy();
      await expect(a.append(() => ({ rows: [row(2)], tail: { size: 3, frontier: [] } }))).rejects.toBeTruthy();
      expect((await a.tail()).size).toBe(2);
      expect(await a.get(3)).toBeNull();
    });

    it("an exception thrown by build leaves the store unchanged", async () => {
      const a = await fresh();
      await appendN(a, 1);
      await expect(
        a.append(() => {
          throw new Error("boom");
        }),
      ).rejects.toThrow("boom");
      expect((await a.tail()).size).toBe(1);
    });

    it("concurrent appends are serialised: no seq is lost or duplicated", async () => {
      const a = await fresh();
      await Promise.all(Array.from({ length: 20 }, () => appendN(a, 3)));
      expect((await a.tail()).size).toBe(60);
      expect((await collect(a.scan(1, 60))).map((r) => r.seq)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    });

    it("purges payloads in the same transaction as the rows appended with it", async () => {
      const a = await fresh();
      await appendN(a, 3);
      await a.append((tail) => ({ rows: [row(tail.size + 1, { kind: "purge" })], tail: { size: tail.size + 1, frontier: [] }, purge: [1, 3] }));
      expect((await a.get(1))?.payload).toBeNull();
      expect((await a.get(2))?.payload).toBe(JSON.stringify({ n: 2 }));
      expect((await a.get(3))?.payload).toBeNull();
      expect((await a.get(3))?.header).toBe(row(3).header);
    });

    it("stores heads in order, with the append or alone, first writer wins per size", async () => {
      const a = await fresh();
      await a.append((tail) => ({ rows: [row(1)], tail: { size: tail.size + 1, frontier: [] }, heads: [{ treeSize: 1, json: '{"h":1}' }] }));
      await a.putHead({ treeSize: 0, json: '{"h":0}' });
      await a.putHead({ treeSize: 1, json: '{"h":"other"}' });
      expect(await a.heads()).toEqual([
        { treeSize: 0, json: '{"h":0}' },
        { treeSize: 1, json: '{"h":1}' },
      ]);
    });

    it("queries by header fields and time range, with paging", async () => {
      const a = await fresh();
      await appendN(a, 10, (seq) => ({ agent_id: seq % 2 ? "odd" : "even", tool_name: seq <= 5 ? "read" : "write", verdict: seq === 7 ? "deny" : "allow", risk_tier: seq === 7 ? "high" : "low" }));
      expect((await a.query({ agent_id: "odd" })).map((r) => r.seq)).toEqual([1, 3, 5, 7, 9]);
      expect((await a.query({ agent_id: "odd", tool_name: "write" })).map((r) => r.seq)).toEqual([7, 9]);
      expect((await a.query({ verdict: "deny", risk_tier: "high" })).map((r) => r.seq)).toEqual([7]);
      expect((await a.query({ since: "2026-03-18T14:00:03.000Z", until: "2026-03-18T14:00:05.000Z" })).map((r) => r.seq)).toEqual([3, 4, 5]);
      expect((await a.query({ after: 4, limit: 3 })).map((r) => r.seq)).toEqual([5, 6, 7]);
      expect(await a.query({ session_id: "other" })).toEqual([]);
    });
  });
}
