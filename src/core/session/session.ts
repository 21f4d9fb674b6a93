// Session transitions. Pure: time comes from the caller (`now`, `outcome.at`).
import type { PolicySet } from "../policy/index.js";
import type { Call } from "../types.js";
import { emptyIndex, indexSource } from "./seen-index.js";
import { extractFacts } from "./facts.js";
import type { Outcome, Session, SessionItem } from "./types.js";

export interface NewSession {
  id: string;
  agent: string;
  task: string;
  principal?: string | null;
  tenant?: string;
  request?: string;
  context?: Record<string, unknown>;
  budgets?: Session["budgets"];
}

export function createSession(input: NewSession, now: number): Session {
  const seen = emptyIndex();
  if (input.request) indexSource(seen, { kind: "request", step: 0 }, input.request);
  return {
    id: input.id,
    agent: input.agent,
    task: input.task,
    principal: input.principal ?? null,
    ...(input.tenant !== undefined ? { tenant: input.tenant } : {}),
    ...(input.request !== undefined ? { request: input.request } : {}),
    ...(input.context !== undefined ? { context: input.context } : {}),
    ...(input.budgets !== undefined ? { budgets: input.budgets } : {}),
    status: "active",
    started_at: now,
    labels: [],
    counters: { tool_calls: 0, cost_usd: 0, tokens: 0, meters: {} },
    history: [],
    facts: {},
    seen,
  };
}

/** A transition's result: the new session and the item it appends to the stored session. */
export interface Observed {
  session: Session;
  item: SessionItem;
}

/**
 * Record what happened to a call. A call that did not run is appended to history (so sequences and
 * monitors see attempts) but adds no labels, output or consumption.
 * INVARIANT: the seen-index and history of `session` are extended in place; treat `session` as consumed.
 */
export function observe(policy: PolicySet, session: Session, call: Call, outcome: Outcome, consumes?: { cost_usd: number; meters: Record<string, number> }): Session {
  return observeStep(policy, session, call, outcome, consumes).session;
}

/**
 * observe(), also returning what this step appended (its history entry, and the source and tokens its
 * output added to the seen-index), so a store writes only that instead of the whole session.
 */
export function observeStep(policy: PolicySet, session: Session, call: Call, outcome: Outcome, consumes?: { cost_usd: number; meters: Record<string, number> }): Observed {
  const step = session.history.length + 1;
  // History, like the seen-index, is extended in place: copying it would make every call cost O(steps).
  const history = session.history;
  const entry = { step, tool: call.tool, verdict: outcome.verdict, executed: outcome.executed, at: outcome.at, rule_ids: outcome.rule_ids ?? [] };
  history.push(entry);
  const item: SessionItem = { step: entry };
  if (!outcome.executed) return { session: { ...session, history }, item };
  const tool = policy.tools.get(call.tool);
  const spec = tool?.spec;
  const labels = new Set(session.labels);
  for (const l of spec?.labels ?? []) labels.add(l);
  for (const l of outcome.labels ?? []) labels.add(l);
  if (outcome.flagged_untrusted) labels.add("untrusted");
  const untrusted = outcome.flagged_untrusted === true || (spec?.labels ?? []).includes("untrusted");
  let facts = session.facts;
  if (outcome.output !== undefined) {
    const source = { kind: untrusted ? "untrusted" : "trusted", step, tool: call.tool } as const;
    item.source = source;
    item.tokens = indexSource(session.seen, source, outcome.output);
  }
  // SECURITY: only trusted calls establish facts; an injected page cannot claim an order is pending.
  if (tool && !untrusted) facts = extractFacts(tool, facts, call.args, outcome.output ?? null);
  const meters = { ...session.counters.meters };
  for (const [k, v] of Object.entries(outcome.consumed?.meters ?? consumes?.meters ?? {})) meters[k] = (meters[k] ?? 0) + v;
  const next: Session = {
    ...session,
    history,
    facts,
    labels: [...labels].sort(),
    counters: {
      tool_calls: session.counters.tool_calls + 1,
      cost_usd: session.counters.cost_usd + (outcome.consumed?.cost_usd ?? consumes?.cost_usd ?? 0),
      tokens: session.counters.tokens + (outcome.consumed?.tokens ?? 0),
      meters,
    },
  };
  return { session: next, item };
}
