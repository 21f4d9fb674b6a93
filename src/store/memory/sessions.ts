import type { SessionCasResult, SessionStore, StoredSession } from "../../ports/sessions.js";
import type { Json, Versioned } from "../../ports/json.js";
import { checkId } from "../../ports/validate.js";
import { WardenError } from "../../core/errors/index.js";

interface Entry {
  head: string;
  items: string[];
  version: number;
}

/** Values are stored as JSON text so a caller mutating its object cannot change what is stored. */
export class MemorySessionStore implements SessionStore {
  private readonly m = new Map<string, Entry>();

  async get(id: string, opts: { fromItem?: number } = {}): Promise<Versioned<StoredSession> | null> {
    const e = this.m.get(id);
    return e ? { value: { head: JSON.parse(e.head) as Json, items: e.items.slice(opts.fromItem ?? 0).map((t) => JSON.parse(t) as Json) }, version: e.version } : null;
  }

  async version(id: string): Promise<number | null> {
    return this.m.get(id)?.version ?? null;
  }

  async create(id: string, value: StoredSession): Promise<Versioned<StoredSession>> {
    checkId("session id", id);
    if (this.m.has(id)) throw new WardenError("STORE_ALREADY_EXISTS", `session ${id} already exists`);
    this.m.set(id, { head: JSON.stringify(value.head), items: value.items.map((x) => JSON.stringify(x)), version: 1 });
    return { value, version: 1 };
  }

  async compareAndSet(id: string, expectedVersion: number, head: Json, items: readonly Json[] = []): Promise<SessionCasResult> {
    const e = this.m.get(id);
    if (!e || e.version !== expectedVersion) return { ok: false, version: e?.version ?? null };
    // Serialise before changing anything, so a value that cannot be stored leaves the entry as it was.
    const texts = { head: JSON.stringify(head), items: items.map((x) => JSON.stringify(x)) };
    e.head = texts.head;
    for (const t of texts.items) e.items.push(t);
    e.version += 1;
    return { ok: true, version: e.version };
  }

  async delete(id: string): Promise<boolean> {
    return this.m.delete(id);
  }

  async list(opts: { after?: string; limit?: number } = {}): Promise<string[]> {
    const ids = [...this.m.keys()].filter((k) => opts.after === undefined || k > opts.after).sort();
    return ids.slice(0, opts.limit ?? ids.length);
  }
}
