// Two Warden processes appending steps to one session in a shared SQLite file: no step is lost or
// duplicated, step numbers stay dense, and the seen-index assembled from the stored items knows every output.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createSession, provenanceOf } from "../src/core/index.js";
import { createStoredSession, readSession } from "../src/gateway/pipeline/session-repo.js";
import { openSqliteStore } from "../src/store/sqlite/index.js";
import { tempDir } from "./helpers/audit-fixture.js";

const WORKER = join(import.meta.dirname, "fixtures", "session-writer.ts");

function writer(dir: string, sid: string, count: number, tag: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, ["--import", "tsx", WORKER, dir, sid, String(count), tag], { stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    c.stderr.on("data", (d: Buffer) => (err += d.toString()));
    c.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`writer failed (${code}): ${err}`))));
  });
}

describe("one session written by two processes", () => {
  it("keeps every step of both, densely numbered, with every output in the seen-index", async () => {
    const t = tempDir("warden-sessmp-");
    const s0 = openSqliteStore(t.dir);
    await createStoredSession(s0.sessions, createSession({ id: "ses_mp", agent: "a", task: "w", request: "start here" }, 0));
    await s0.close();
    await Promise.all([writer(t.dir, "ses_mp", 100, "a"), writer(t.dir, "ses_mp", 100, "b")]);
    const s = openSqliteStore(t.dir);
    try {
      const loaded = await readSession(s.sessions, "ses_mp");
      const session = loaded?.session;
      expect(session?.history.map((h) => h.step)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
      expect(session?.counters.tool_calls).toBe(200);
      expect(session?.seen.sources).toHaveLength(201);
      const words = Object.fromEntries(["a", "b"].flatMap((tag) => Array.from({ length: 100 }, (_, i) => [`${tag}${i}`, `${tag}word${i}`])));
      expect(provenanceOf(session?.seen ?? { sources: [], tokens: {} }, words).filter((e) => e.source !== "trusted")).toEqual([]);
      expect((await s.sessions.get("ses_mp"))?.value.items).toHaveLength(201);
    } finally {
      await s.close();
      t.cleanup();
    }
  });
});
