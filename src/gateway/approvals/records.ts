// Reading and writing approval state through the ports: the entry (approvals port), the execution outcome
// and decay counters (control and counter ports), and approval audit events.
import type { ApprovalRecord, ExecutionOutcome } from "../../approvals/index.js";
import type { ApprovalInfo } from "../../core/audit/index.js";
import type { ApprovalEntry, Json } from "../../ports/index.js";
import type { Runtime } from "../runtime.js";

export const recordOf = (e: ApprovalEntry): ApprovalRecord => e.value as unknown as ApprovalRecord;

/** Entries the approvals layer owns (the fallback hold of the gateway stores a thinner value). */
export function isRecord(e: ApprovalEntry): boolean {
  const v = e.value as Record<string, unknown> | null;
  return !!v && typeof v === "object" && Array.isArray(v["votes"]) && typeof v["batch_id"] === "string";
}

const OUTCOME = (id: string) => `approval-outcome:${id}`;

export async function getOutcome(rt: Runtime, id: string): Promise<ExecutionOutcome | null> {
  const e = await rt.store.control.get(OUTCOME(id));
  return e ? (e.value as unknown as ExecutionOutcome) : null;
}

export async function setOutcome(rt: Runtime, id: string, o: ExecutionOutcome): Promise<void> {
  await rt.store.control.set(OUTCOME(id), o as unknown as Json);
}

// Counters only grow, so a reset raises a baseline: clean approvals since the last reset = clean - base.
export async function cleanCount(rt: Runtime, key: string): Promise<number> {
  const u = (await rt.store.counters.get(key, rt.now())).used;
  return (u["clean"] ?? 0) - (u["base"] ?? 0);
}

export async function addClean(rt: Runtime, key: string): Promise<number> {
  const u = await rt.store.counters.add(key, { clean: 1 });
  return (u["clean"] ?? 0) - ((await rt.store.counters.get(key, rt.now())).used["base"] ?? 0);
}

/** Back to zero; returns what it was. */
export async function resetClean(rt: Runtime, key: string): Promise<number> {
  const n = await cleanCount(rt, key);
  if (n > 0) await rt.store.counters.add(key, { base: n });
  return n;
}

/** Append an approval event to the audit log, with the request's identifiers. */
export async function auditApproval(rt: Runtime, action: string, id: string, r: ApprovalRecord, extra: { approval?: ApprovalInfo; details?: Record<string, unknown> } = {}): Promise<void> {
  await rt.audit.append({
    kind: "approval",
    action,
    session_id: r.session_id,
    agent_id: r.agent,
    tenant: r.tenant,
    tool_name: r.call.tool,
    verdict: r.decision.verdict,
    risk_tier: r.decision.risk,
    rule_ids: r.decision.rule_ids,
    correlation_id: r.correlation_id,
    principal: r.principal,
    approval: extra.approval ?? null,
    details: { approval_id: id, intent_seq: r.intent_seq, batch_id: r.batch_id, ...(extra.details ?? {}) },
  });
}

const CLASSES = (agent: string) => `approval-decay-classes:${agent}`;

/** Remember which decay classes an agent has, so an incident report can reset them all. */
export async function rememberClass(rt: Runtime, agent: string, key: string): Promise<void> {
  const known = await classesOf(rt, agent);
  if (!known.includes(key)) await rt.store.control.set(CLASSES(agent), [...known, key].sort());
}

export async function classesOf(rt: Runtime, agent: string): Promise<string[]> {
  const e = await rt.store.control.get(CLASSES(agent));
  return Array.isArray(e?.value) ? (e.value as string[]) : [];
}
