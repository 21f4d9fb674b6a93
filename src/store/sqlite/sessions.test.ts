// A database written before sessions were split (schema version 2: one whole JSON value per session, no
// session_items table) opens under version 3: the table is added, old rows read back as heads without
// items, and their next write appends after them.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { DB_FILE } from "./open.js";
import { SCHEMA_VERSION } from "./schema.js";
import { openSqliteStore } from "./index.js";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("session storage migration from schema version 2", () => {
  it("adds the item table and reads a whole-value row as a head without items", async () => {
    const dir = mkdtempSync(join(tmpdir(), "warden-sessmig-"));
    dirs.push(dir);
    await openSqliteStore(dir).close();
    const old = new Database(join(dir, DB_FILE));
    old.exec("DROP TABLE session_items");
    old.pragma("user_version = 2");
    const whole = { id: "s1", history: [{ step: 1, tool: "t" }], seen: { sources: [], tokens: {} }, status: "active" };
    old.prepare("INSERT INTO sessions (id, value, version) VALUES (?, ?, 5)").run("s1", JSON.stringify(whole));
    old.close();

    const store = openSqliteStore(dir);
    try {
      expect(store.db.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
      expect(await store.sessions.get("s1")).toEqual({ value: { head: whole, items: [] }, version: 5 });
      expect(await store.sessions.compareAndSet("s1", 5, { id: "s1", status: "active" }, [{ step: { step: 1 } }, { step: { step: 2 } }])).toEqual({ ok: true, version: 6 });
      expect(await store.sessions.get("s1")).toEqual({ value: { head: { id: "s1", status: "active" }, items: [{ step: { step: 1 } }, { step: { step: 2 } }] }, version: 6 });
    } finally {
      await store.close();
    }
  });
});
