import type { SessionCasResult, SessionStore, StoredSession } from "../../ports/sessions.js";
import type { Json, Versioned } from "../../ports/json.js";
import { checkId } from "../../ports/validate.js";
import { WardenError } from "../../core/errors/index.js";
import { parseJson } from "./json.js";
import type { Db } from "./open.js";

// A session is a head row in `sessions` (rewritten by each write) and item rows in `session_items`, keyed
// by (id, n) and only ever inserted. A head written before the split holds the whole session and has no
// items; the session layer reads it as such and moves its history to items on its next write.
export class SqliteSessionStore implements SessionStore {
  // Statements are prepared once: preparing per call was a measurable share of a governed call.
  private readonly headStmt;
  private readonly itemsStmt;
  private readonly casStmt;
  private readonly nextStmt;
  private readonly insertItemStmt;
  private readonly versionStmt;
  private readonly readTx;
  private readonly casTx;

  constructor(private readonly db: Db) {
    this.headStmt = db.prepare("SELECT value, version FROM sessions WHERE id = ?");
    this.itemsStmt = db.prepare("SELECT value FROM session_items WHERE id = ? AND n >= ? ORDER BY n").pluck();
    this.casStmt = db.prepare("UPDATE sessions SET value = ?, version = version + 1 WHERE id = ? AND version = ?");
    this.nextStmt = db.prepare("SELECT coalesce(max(n) + 1, 0) FROM session_items WHERE id = ?").pluck();
    this.insertItemStmt = db.prepare("INSERT INTO session_items (id, n, value) VALUES (?, ?, ?)");
    this.versionStmt = db.prepare("SELECT version FROM sessions WHERE id = ?").pluck();
    // One read transaction: the head and the items come from the same snapshot, never a head with a later write's items.
    this.readTx = db.transaction((id: string, from: number) => {
      const r = this.headStmt.get(id) as { value: string; version: number } | undefined;
      return r ? { head: r.value, items: this.itemsStmt.all(id, from) as string[], version: r.version } : null;
    });
    // INVARIANT: the head's compare and the item inserts commit together or not at all; a lost compare inserts nothing.
    this.casTx = db.transaction((id: string, expected: number, head: string, items: string[]): boolean => {
      if (this.casStmt.run(head, id, expected).changes !== 1) return false;
      this.append(id, items);
      return true;
    });
  }

  private append(id: string, items: string[]): void {
    if (items.length === 0) return;
    let n = this.nextStmt.get(id) as number;
    for (const t of items) this.insertItemStmt.run(id, n++, t);
  }

  async version(id: string): Promise<number | null> {
    return (this.versionStmt.get(id) as number | undefined) ?? null;
  }

  async get(id: string, opts: { fromItem?: number } = {}): Promise<Versioned<StoredSession> | null> {
    const r = this.readTx(id, opts.fromItem ?? 0);
    if (!r) return null;
    const what = `session ${id}`;
    return { value: { head: parseJson(r.head, what), items: r.items.map((t) => parseJson(t, what)) }, version: r.version };
  }

  async create(id: string, value: StoredSession): Promise<Versioned<StoredSession>> {
    checkId("session id", id);
    const head = JSON.stringify(value.head);
    const items = value.items.map((x) => JSON.stringify(x));
    const created = this.db
      .transaction(() => {
        if (this.db.prepare("INSERT OR IGNORE INTO sessions (id, value, version) VALUES (?, ?, 1)").run(id, head).changes === 0) return false;
        // Items left by a session of this id deleted outside this store would otherwise join the new one.
        this.db.prepare("DELETE FROM session_items WHERE id = ?").run(id);
        this.append(id, items);
        return true;
      })
      .immediate();
    if (!created) throw new WardenError("STORE_ALREADY_EXISTS", `session ${id} already exists`);
    return { value, version: 1 };
  }

  async compareAndSet(id: string, expectedVersion: number, head: Json, items: readonly Json[] = []): Promise<SessionCasResult> {
    if (this.casTx.immediate(id, expectedVersion, JSON.stringify(head), items.map((x) => JSON.stringify(x)))) return { ok: true, version: expectedVersion + 1 };
    return { ok: false, version: await this.version(id) };
  }

  async delete(id: string): Promise<boolean> {
    return this.db
      .transaction(() => {
        this.db.prepare("DELETE FROM session_items WHERE id = ?").run(id);
        return this.db.prepare("DELETE FROM sessions WHERE id = ?").run(id).changes === 1;
      })
      .immediate();
  }

  async list(opts: { after?: string; limit?: number } = {}): Promise<string[]> {
    return this.db
      .prepare("SELECT id FROM sessions WHERE id > ? ORDER BY id LIMIT ?")
      .pluck()
      .all(opts.after ?? "", opts.limit ?? -1) as string[];
  }
}
