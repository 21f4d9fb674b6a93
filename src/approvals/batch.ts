// Batching against approval fatigue: requests of one session for one tool within a short window are shown
// (and may be decided) together: "approve all / review each / deny all".
import type { ApprovalRecord } from "./types.js";

/** The batch a new request joins: the newest pending request of the same session and tool within the window. */
export function batchFor(pending: readonly { id: string; value: ApprovalRecord }[], req: { session_id: string; tool: string; now: number }, windowMs: number): string | null {
  let best: { id: string; value: ApprovalRecord } | null = null;
  for (const p of pending) {
    const v = p.value;
    if (v.session_id !== req.session_id || v.call.tool !== req.tool || req.now - v.created_at > windowMs || v.created_at > req.now) continue;
    if (!best || v.created_at > best.value.created_at) best = p;
  }
  return best ? best.value.batch_id : null;
}

export interface BatchSummary {
  batch_id: string;
  session_id: string;
  agent: string;
  tool: string;
  count: number;
  ids: string[];
  first_at: number;
  deadline: number;
}

export function summarizeBatches(pending: readonly { id: string; deadline: number; value: ApprovalRecord }[]): BatchSummary[] {
  const m = new Map<string, BatchSummary>();
  for (const p of pending) {
    const v = p.value;
    const b = m.get(v.batch_id) ?? { batch_id: v.batch_id, session_id: v.session_id, agent: v.agent, tool: v.call.tool, count: 0, ids: [], first_at: v.created_at, deadline: p.deadline };
    b.count++;
    b.ids.push(p.id);
    b.first_at = Math.min(b.first_at, v.created_at);
    b.deadline = Math.min(b.deadline, p.deadline);
    m.set(v.batch_id, b);
  }
  return [...m.values()].sort((a, b) => a.deadline - b.deadline);
}
