// What a halt does to stored state: sessions of the scope stop (saved as halted or paused, so their state
// is kept and a resume can reactivate exactly them) and their pending approvals are cancelled.
import type { Session } from "../core/index.js";
import type { Json } from "../ports/index.js";
import type { PendingValue } from "../gateway/pipeline/approvals.js";
import { peekSession, updateSession } from "../gateway/pipeline/session-repo.js";
import type { Runtime } from "../gateway/runtime.js";
import { covers, type Scope } from "./scope.js";

const PAGE = 500;
/** A halt scans at most this many stored sessions (enforcement does not depend on the scan: admit refuses). */
const MAX_SCAN = 200_000;

/** Set every active session in scope to `to`; returns their ids. */
export async function stopSessions(rt: Runtime, scope: Scope, to: "halted" | "paused"): Promise<string[]> {
  const ids = scope.kind === "session" ? [scope.id as string] : await scan(rt, scope);
  const stopped: string[] = [];
  for (const id of ids) {
    const done = await updateSession(rt.store.sessions, id, (s: Session) => (s.status === "active" ? { ...s, status: to } : s)).catch(() => null);
    if (done?.status === to) stopped.push(id);
  }
  return stopped;
}

async function scan(rt: Runtime, scope: Scope): Promise<string[]> {
  const out: string[] = [];
  let after: string | undefined;
  for (let seen = 0; seen < MAX_SCAN; ) {
    const page = await rt.store.sessions.list({ ...(after ? { after } : {}), limit: PAGE });
    if (page.length === 0) break;
    for (const id of page) {
      const s = await peekSession(rt.store.sessions, id);
      if (s && s.status === "active" && covers(scope, { agent: s.agent, tenant: s.tenant ?? null, sessionId: id })) out.push(id);
    }
    seen += page.length;
    after = page[page.length - 1];
  }
  return out;
}

/** Make sessions a halt stopped active again (only those still in the state the halt left them in). */
export async function reactivateSessions(rt: Runtime, ids: string[]): Promise<number> {
  let n = 0;
  for (const id of ids) {
    const s = await updateSession(rt.store.sessions, id, (x: Session) => (x.status === "halted" || x.status === "paused" ? { ...x, status: "active" } : x)).catch(() => null);
    if (s?.status === "active") n++;
  }
  return n;
}

/** End a session for good (a crossed cost budget): it cannot be resumed. */
export async function terminateSession(rt: Runtime, id: string): Promise<void> {
  await updateSession(rt.store.sessions, id, (s: Session) => (s.status === "ended" ? s : { ...s, status: "ended" })).catch(() => undefined);
}

/**
 * Cancel the scope's pending approvals: final as denied, with outcome `cancelled` (what `wait` reports).
 * INVARIANT: compare-and-set on a pending entry, so an approval decided meanwhile is left alone.
 */
export async function cancelApprovals(rt: Runtime, scope: Scope, reason: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await rt.store.approvals.listPending(100_000)) {
    const v = e.value as unknown as PendingValue & { tenant?: string | null };
    if (!covers(scope, { agent: v.agent, tenant: v.tenant ?? null, sessionId: v.session_id })) continue;
    const next = { ...v, outcome: { status: "cancelled", reason } } as unknown as Json;
    const r = await rt.store.approvals.update(e.id, e.version, "denied", next);
    if (!r.ok) continue;
    out.push(e.id);
    rt.metrics.approvalsPending.dec();
    if (typeof v.intent_seq === "number")
      await rt.audit.appendOutcome(v.intent_seq, { status: "not_run", approval: { required: true, status: "denied" }, error: { code: "CONTROL_HALTED", message: `cancelled by an emergency stop: ${reason}` } });
  }
  return out;
}
