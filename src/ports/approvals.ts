import type { CasResult, Json } from "./json.js";

export type ApprovalStatus = "pending" | "approved" | "denied" | "expired";

export interface ApprovalEntry {
  id: string;
  status: ApprovalStatus;
  /** Opaque approval state (request context, levels, votes); owned by the approvals layer. */
  value: Json;
  /** Epoch ms after which a pending approval is expired (= denied). */
  deadline: number;
  version: number;
}

/**
 * Pending human decisions.
 * INVARIANT: only a pending approval changes; approved, denied and expired are final (fail closed: a late
 * "approve" can never revive an expired request).
 */
export interface ApprovalStore {
  create(id: string, value: Json, deadline: number): Promise<ApprovalEntry>;
  get(id: string): Promise<ApprovalEntry | null>;
  /** Compare-and-set on a pending entry: new status (possibly still pending) and value. */
  update(id: string, expectedVersion: number, status: ApprovalStatus, value: Json): Promise<CasResult>;
  /** Pending entries, soonest deadline first. */
  listPending(limit?: number): Promise<ApprovalEntry[]>;
  /** Mark every pending entry whose deadline ≤ now as expired; returns their ids. */
  expireDue(now: number): Promise<string[]>;
}
