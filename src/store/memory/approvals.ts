import type { ApprovalEntry, ApprovalStatus, ApprovalStore } from "../../ports/approvals.js";
import type { CasResult, Json } from "../../ports/json.js";
import { checkId } from "../../ports/validate.js";
import { WardenError } from "../../core/errors/index.js";

interface Stored {
  status: ApprovalStatus;
  text: string;
  deadline: number;
  version: number;
}

export class MemoryApprovalStore implements ApprovalStore {
  private readonly m = new Map<string, Stored>();

  async create(id: string, value: Json, deadline: number): Promise<ApprovalEntry> {
    checkId("approval id", id);
    if (!Number.isFinite(deadline)) throw new WardenError("STORE_INVALID_ARGUMENT", "deadline must be epoch milliseconds");
    if (this.m.has(id)) throw new WardenError("STORE_ALREADY_EXISTS", `approval ${id} already exists`);
    this.m.set(id, { status: "pending", text: JSON.stringify(value), deadline, version: 1 });
    return { id, status: "pending", value, deadline, version: 1 };
  }

  async get(id: string): Promise<ApprovalEntry | null> {
    const s = this.m.get(id);
    return s ? toEntry(id, s) : null;
  }

  async update(id: string, expectedVersion: number, status: ApprovalStatus, value: Json): Promise<CasResult> {
    const s = this.m.get(id);
    // INVARIANT: final states never change.
    if (!s || s.version !== expectedVersion || s.status !== "pending") return { ok: false, current: s ? { value: JSON.parse(s.text) as Json, version: s.version } : null };
    const version = s.version + 1;
    this.m.set(id, { status, text: JSON.stringify(value), deadline: s.deadline, version });
    return { ok: true, version };
  }

  async listPending(limit = 1000): Promise<ApprovalEntry[]> {
    return [...this.m.entries()]
      .filter(([, s]) => s.status === "pending")
      .sort((a, b) => a[1].deadline - b[1].deadline || (a[0] < b[0] ? -1 : 1))
      .slice(0, limit)
      .map(([id, s]) => toEntry(id, s));
  }

  async expireDue(now: number): Promise<string[]> {
    const out: string[] = [];
    for (const [id, s] of this.m) {
      if (s.status === "pending" && s.deadline <= now) {
        this.m.set(id, { ...s, status: "expired", version: s.version + 1 });
        out.push(id);
      }
    }
    return out.sort();
  }
}

function toEntry(id: string, s: Stored): ApprovalEntry {
  return { id, status: s.status, value: JSON.parse(s.text) as Json, deadline: s.deadline, version: s.version };
}
