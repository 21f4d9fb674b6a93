// Two Warden processes sharing one data directory: budgets never overspend, audit appends interleave
// into one valid log.
import { describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { openSqliteStore } from "./index.js";
import { verifyLog, loadLocalPublicKey, loadOrCreateSigningKey } from "../../audit/index.js";
import { tempDir } from "../../../test/helpers/audit-fixture.js";

const WORKER = join(import.meta.dirname, "..", "..", "..", "test", "fixtures", "audit-store-worker.ts");

function worker(dir: string, mode: string, count: number): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, ["--import", "tsx", WORKER, dir, mode, String(count)], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    c.stdout.on("data", (d: Buffer) => (out += d.toString()));
    c.stderr.on("data", (d: Buffer) => (err += d.toString()));
    c.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out) as Record<string, unknown>) : reject(new Error(`worker failed (${code}): ${err}`))));
  });
}

describe("SQLite store shared by two processes", () => {
  it("reserve is atomic across processes: together they never pass the limit", async () => {
    const t = tempDir("warden-mp-");
    await openSqliteStore(t.dir).close(); // create the schema once, like a first start
    const [a, b] = await Promise.all([worker(t.dir, "reserve", 200), worker(t.dir, "reserve", 200)]);
    expect((a["ok"] as number) + (b["ok"] as number)).toBe(250);
    const s = openSqliteStore(t.dir);
    expect((await s.counters.get("budget", 0)).reserved).toEqual({ calls: 250 });
    await s.close();
    t.cleanup();
  });

  it("audit appends from two processes form one dense, verifiable log", async () => {
    const t = tempDir("warden-mp-");
    loadOrCreateSigningKey(t.dir);
    const [a, b] = await Promise.all([worker(t.dir, "audit", 150), worker(t.dir, "audit-group", 150)]);
    const seqs = [...(a["seqs"] as number[]), ...(b["seqs"] as number[])].sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    const s = openSqliteStore(t.dir);
    const r = await verifyLog({ store: s.audit, pinnedKey: loadLocalPublicKey(t.dir) });
    expect(r.findings).toEqual([]);
    expect(r).toMatchObject({ ok: true, size: 300, signed_size: 300 });
    await s.close();
    t.cleanup();
  });
});
