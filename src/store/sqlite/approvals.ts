import type { ApprovalEntry, ApprovalStatus, ApprovalStore } from "../../ports/approvals.js";
import type { CasResult, Json } from "../../ports/json.js";
import { checkId } from "../../ports/validate.js";
import { WardenError } from "../../core/errors/index.js";
import { parseJson } from "./json.js";
import { immediate, type Db } from "./open.js";

interface Raw {
  id: string;
  status: ApprovalStatus;
  value: string;
  deadline: number;
  version: number;
}

export class SqliteApprovalStore implements ApprovalStore {
  constructor(private readonly db: Db) {}

  async create(id: string, value: Json, deadline: number): Promise<ApprovalEntry> {
    checkId("approval id", id);
    if (!Number.isFinite(deadline)) throw new WardenError("STORE_INVALID_ARGUMENT", "deadline must be epoch milliseconds");
    const res = this.db.prepare("INSERT OR IGNORE INTO approvals (id, status, value, deadline, version) VALUES (?, 'pending', ?, ?, 1)").run(id, JSON.stringify(value), deadline);
    if (res.changes === 0) throw new WardenError("STORE_ALREADY_EXISTS", `approval ${id} already exists`);
    return { id, status: "pending", value, deadline, version: 1 };
  }

  async get(id: string): Promise<ApprovalEntry | null> {
    const r = this.db.prepare("SELECT id, status, value, deadline, version FROM approvals WHERE id = ?").get(id) as Raw | undefined;
    return r ? toEntry(r) : null;
  }

  async update(id: string, expectedVersion: number, status: ApprovalStatus, value: Json): Promise<CasResult> {
    // INVARIANT: the status = 'pending' condition makes final states immutable, atomically.
    const res = this.db
      .prepare("UPDATE approvals SET status = ?, value = ?, version = version + 1 WHERE id = ? AND version = ? AND status = 'pending'")
      .run(status, JSON.stringify(value), id, expectedVersion);
    if (res.changes === 1) return { ok: true, version: expectedVersion + 1 };
    const cur = await this.get(id);
    return { ok: false, current: cur ? { value: cur.value, version: cur.version } : null };
  }

  async listPending(limit = 1000): Promise<ApprovalEntry[]> {
    return (this.db.prepare("SELECT id, status, value, deadline, version FROM approvals WHERE status = 'pending' ORDER BY deadline, id LIMIT ?").all(limit) as Raw[]).map(toEntry);
  }

  async expireDue(now: number): Promise<string[]> {
    return immediate(this.db, () => {
      const ids = this.db.prepare("SELECT id FROM approvals WHERE status = 'pending' AND deadline <= ? ORDER BY id").pluck().all(now) as string[];
      this.db.prepare("UPDATE approvals SET status = 'expired', version = version + 1 WHERE status = 'pending' AND deadline <= ?").run(now);
      return ids;
    });
  }
}

function toEntry(r: Raw): ApprovalEntry {
  return { id: r.id, status: r.status, value: parseJson(r.value, `approval ${r.id}`), deadline: r.deadline, version: r.version };
}
