import type { ControlEntry, ControlStore } from "../../ports/control.js";
import type { Json } from "../../ports/json.js";
import { checkId } from "../../ports/validate.js";
import { parseJson } from "./json.js";
import { immediate, type Db } from "./open.js";

interface Raw {
  key: string;
  value: string;
  revision: number;
}

export class SqliteControlStore implements ControlStore {
  // Prepared once: every governed call reads its API key's record here, and the control poller asks for
  // changes every 25 ms.
  private readonly getStmt;
  private readonly sinceStmt;

  constructor(private readonly db: Db) {
    this.getStmt = db.prepare("SELECT key, value, revision FROM control WHERE key = ?");
    this.sinceStmt = db.prepare("SELECT key, value, revision FROM control WHERE revision > ? ORDER BY revision");
  }

  async get(key: string): Promise<ControlEntry | null> {
    const r = this.getStmt.get(key) as Raw | undefined;
    return r ? toEntry(r) : null;
  }

  async set(key: string, value: Json): Promise<number> {
    checkId("control key", key);
    // INVARIANT: rows are never deleted, so MAX(revision)+1 under the write lock is strictly increasing.
    return immediate(this.db, () => {
      const rev = ((this.db.prepare("SELECT COALESCE(MAX(revision), 0) FROM control").pluck().get() as number) ?? 0) + 1;
      this.db.prepare("INSERT INTO control (key, value, revision) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, revision = excluded.revision").run(key, JSON.stringify(value), rev);
      return rev;
    });
  }

  async list(): Promise<ControlEntry[]> {
    return this.changesSince(0);
  }

  async changesSince(revision: number): Promise<ControlEntry[]> {
    return (this.sinceStmt.all(revision) as Raw[]).map(toEntry);
  }
}

function toEntry(r: Raw): ControlEntry {
  return { key: r.key, value: parseJson(r.value, `control ${r.key}`), revision: r.revision };
}
