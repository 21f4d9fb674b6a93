import type { SessionStore } from "../../ports/sessions.js";
import type { CasResult, Json, Versioned } from "../../ports/json.js";
import { checkId } from "../../ports/validate.js";
import { WardenError } from "../../core/errors/index.js";

/** Values are stored as JSON text so a caller mutating its object cannot change what is stored. */
export class MemorySessionStore implements SessionStore {
  private readonly m = new Map<string, { text: string; version: number }>();

  async get(id: string): Promise<Versioned | null> {
    const e = this.m.get(id);
    return e ? { value: JSON.parse(e.text) as Json, version: e.version } : null;
  }

  /** The stored version alone: lets a caller holding a copy check it is current. */
  async version(id: string): Promise<number | null> {
    return this.m.get(id)?.version ?? null;
  }

  async create(id: string, value: Json): Promise<Versioned> {
    checkId("session id", id);
    if (this.m.has(id)) throw new WardenError("STORE_ALREADY_EXISTS", `session ${id} already exists`);
    this.m.set(id, { text: JSON.stringify(value), version: 1 });
    return { value, version: 1 };
  }

  async compareAndSet(id: string, expectedVersion: number, value: Json): Promise<CasResult> {
    const e = this.m.get(id);
    if (!e || e.version !== expectedVersion) return { ok: false, current: await this.get(id) };
    const version = e.version + 1;
    this.m.set(id, { text: JSON.stringify(value), version });
    return { ok: true, version };
  }

  async delete(id: string): Promise<boolean> {
    return this.m.delete(id);
  }

  async list(opts: { after?: string; limit?: number } = {}): Promise<string[]> {
    const ids = [...this.m.keys()].filter((k) => opts.after === undefined || k > opts.after).sort();
    return ids.slice(0, opts.limit ?? ids.length);
  }
}
