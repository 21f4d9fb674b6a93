// The values CEL conditions see. Built once per decision, converted to CEL values once, shared by every rule.
import { toCelValue, type CelBindings } from "../cel/index.js";
import type { CompiledAgent, CompiledTool } from "../policy/index.js";
import type { Session } from "../session/index.js";
import type { Call, ProvenanceSource } from "../types.js";

const DAY = 86_400_000;

/** Calendar facts from `now` (UTC), computed without a clock. 1970-01-01 was a Thursday (4). */
export function timeFacts(now: number): Record<string, number> {
  const days = Math.floor(now / DAY);
  const ms = now - days * DAY;
  return { epoch_ms: now, hour: Math.floor(ms / 3_600_000), minute: Math.floor(ms / 60_000) % 60, weekday: (((days + 4) % 7) + 7) % 7 };
}

function sessionView(call: Call, session: Session | undefined, now: number): Record<string, unknown> {
  if (!session) return { id: "", task: call.task, labels: [], counters: { tool_calls: 0, cost_usd: 0, tokens: 0, meters: {} }, steps: 0, tools_called: [], started_at: now, facts: {} };
  let called: string[] | undefined;
  return {
    id: session.id,
    task: session.task,
    labels: session.labels,
    counters: session.counters,
    steps: session.history.length,
    // A walk of the whole history: done only when a condition reads it (or the CEL view is built), once.
    get tools_called(): string[] {
      return (called ??= session.history.filter((h) => h.executed).map((h) => h.tool));
    },
    started_at: session.started_at,
    facts: session.facts,
  };
}

/** What conditions see: plain values for the fast path, CEL values built on first need for the interpreter. */
export interface Bindings {
  plain: Record<string, unknown>;
  cel: () => CelBindings;
}

/**
 * Bindings for one decision. `reads` names the variables some condition of this call can read; the
 * others are left out (a condition cannot read what it does not name).
 */
export function buildBindings(call: Call, tool: CompiledTool, agent: CompiledAgent, session: Session | undefined, provenance: Record<string, ProvenanceSource>, now: number, reads: ReadonlySet<string>): Bindings {
  const plain: Record<string, unknown> = { tool: call.tool, spec: tool.plainSpec, agent: agent.plainAgent, principal: call.principal ?? "" };
  if (reads.has("args")) plain["args"] = call.args;
  if (reads.has("session")) plain["session"] = sessionView(call, session, now);
  if (reads.has("context")) plain["context"] = call.context ?? {};
  if (reads.has("provenance")) plain["provenance"] = provenance;
  if (reads.has("time")) plain["time"] = timeFacts(now);
  let cel: CelBindings | undefined;
  return {
    plain,
    cel: () => {
      if (!cel) {
        cel = { tool: call.tool, spec: tool.celSpec, agent: agent.celAgent, principal: call.principal ?? "" };
        for (const k of ["args", "session", "context", "provenance", "time"] as const) if (Object.hasOwn(plain, k)) cel[k] = toCelValue(plain[k]);
      }
      return cel;
    },
  };
}
