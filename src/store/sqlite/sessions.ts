import type { SessionStore } from "../../ports/sessions.js";
import type { CasResult, Json, Versioned } from "../../ports/json.js";
import { checkId } from "../../ports/validate.js";
import { WardenError } from "../../core/errors/index.js";
import { parseJson } from "./json.js";
import type { Db } from "./open.js";

export class SqliteSessionStore implements SessionStore {
  // Statements are prepared once: preparing per call was a measurable share of a governed call.
  private readonly getStmt;
  private readonly casStmt;
  private readonly versionStmt;

  constructor(private readonly db: Db) {
    this.getStmt = db.prepare("SELECT value, version FROM sessions WHERE id = ?");
    this.casStmt = db.prepare("UPDATE sessions SET value = ?, version = version + 1 WHERE id = ? AND version = ?");
    this.versionStmt = db.prepare("SELECT version FROM sessions WHERE id = ?").pluck();
  }

  /** The stored version alone (no value to parse): lets a caller holding a copy check it is current. */
  async version(id: string): Promise<number | null> {
    return (this.versionStmt.get(id) as number | undefined) ?? null;
  }

  async get(id: string): Promise<Versioned | null> {
    const r = this.getStmt.get(id) as { value: string; version: number } | undefined;
    return r ? { value: parseJson(r.value, `session ${id}`), version: r.version } : null;
  }

  async create(id: string, value: Json): Promise<Versioned> {
    checkId("session id", id);
    const res = this.db.prepare("INSERT OR IGNORE INTO sessions (id, value, version) VALUES (?, ?, 1)").run(id, JSON.stringify(value));
    if (res.changes === 0) throw new WardenError("STORE_ALREADY_EXISTS", `session ${id} already exists`);
    return { value, version: 1 };
  }

  async compareAndSet(id: string, expectedVersion: number, value: Json): Promise<CasResult> {
    // A single conditional UPDATE is atomic across processes; no explicit transaction needed.
    const res = this.casStmt.run(JSON.stringify(value), id, expectedVersion);
    if (res.changes === 1) return { ok: true, version: expectedVersion + 1 };
    return { ok: false, current: await this.get(id) };
  }

  async delete(id: string): Promise<boolean> {
    return this.db.prepare("DELETE FROM sessions WHERE id = ?").run(id).changes === 1;
  }

  async list(opts: { after?: string; limit?: number } = {}): Promise<string[]> {
    return this.db
      .prepare("SELECT id FROM sessions WHERE id > ? ORDER BY id LIMIT ?")
      .pluck()
      .all(opts.after ?? "", opts.limit ?? -1) as string[];
  }
}
