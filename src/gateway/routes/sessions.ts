// Agent API: sessions and governed calls.
import { Hono } from "hono";
import { createSession, parseDuration, runCheckpoint, type Session } from "../../core/index.js";
import { requireAgent, type Vars } from "../http/auth.js";
import { jsonBody } from "../http/body.js";
import { fail } from "../http/errors.js";
import { CREATE_CALL, CREATE_SESSION, check } from "../http/schemas.js";
import { governedCall, type CallInput } from "../pipeline/governed-call.js";
import { createStoredSession, peekSession, updateSession } from "../pipeline/session-repo.js";
import { newId, type Runtime } from "../runtime.js";
import { controlOf } from "../../control/index.js";

type Budgets = { tool_calls?: number; cost_usd?: number; tokens?: number; wall_time?: string; meters?: Record<string, number> };

export function sessionRoutes(rt: Runtime) {
  const app = new Hono<{ Variables: Vars }>();
  app.use("*", requireAgent(rt));

  app.post("/", async (c) => {
    const id = c.get("identity");
    if (id.kind !== "agent") return fail(c, "AUTH_FORBIDDEN", "agents only");
    const body = await jsonBody(c);
    if (!body.ok) return fail(c, "REQUEST_INVALID", body.message);
    const problem = check(CREATE_SESSION, body.value);
    if (problem) return fail(c, "REQUEST_INVALID", problem);
    const req = body.value as { task: string; principal?: string | null; request?: string; context?: Record<string, unknown>; budgets?: Budgets };
    const policy = rt.policies.policy;
    const agent = policy.agents.get(id.agent);
    if (!agent) return fail(c, "AUTH_FORBIDDEN", `agent \`${id.agent}\` is not declared in the policy; add it under \`agents\``);
    // A halted scope or a paused agent starts nothing new (emergency stop suspends the agent's keys here too).
    const halted = controlOf(rt)?.refusal({ agent: id.agent, tenant: agent.tenant, sessionId: null });
    if (halted) return fail(c, halted.code, halted.message, { status: 403 });
    if (!policy.tasks.has(req.task)) return fail(c, "REQUEST_INVALID", `task \`${req.task}\` is not declared in the policy (declared: ${[...policy.tasks.keys()].join(", ")})`);
    const tighter = tightenOnly(policy.budgets.session, req.budgets);
    if (typeof tighter === "string") return fail(c, "SESSION_BUDGET_LOOSER", tighter);
    // pre_request: the principal's request is scanned before anything runs on its behalf.
    const scanned = req.request !== undefined ? runCheckpoint(policy.guard, "pre_request", req.request) : undefined;
    if (scanned?.action === "block") {
      for (const s of scanned.blocked_by) rt.metrics.blocks.inc({ rule: `guard.${s}` });
      return fail(c, "GUARD_BLOCKED", `the request was blocked by the guardrails (${[...new Set(scanned.findings.map((f) => f.type))].join(", ") || "scanner failure"}); no session was started`, { status: 422 });
    }
    const sid = newId("ses");
    const created: Session = createSession(
      { id: sid, agent: id.agent, task: req.task, principal: req.principal ?? null, tenant: agent.tenant, ...(req.request !== undefined ? { request: req.request } : {}), ...(req.context ? { context: req.context } : {}), ...(tighter ? { budgets: tighter } : {}) },
      rt.now(),
    );
    const session: Session = scanned?.labels.length ? { ...created, labels: [...new Set(scanned.labels)].sort() } : created;
    await createStoredSession(rt.store.sessions, session);
    rt.metrics.sessions.inc({ event: "start" });
    rt.logger.info({ event: "session.start", session_id: sid, agent: id.agent, task: req.task, correlation_id: c.get("correlationId") }, "session started");
    return c.json({ id: sid, agent: id.agent, task: req.task, principal: session.principal, tenant: agent.tenant, status: session.status, budgets: session.budgets ?? null, tools: `/v1/sessions/${sid}/tools`, correlation_id: c.get("correlationId") }, 201);
  });

  app.get("/:id/tools", async (c) => {
    const s = await ownSession(rt, c.get("identity"), c.req.param("id"));
    if (!s) return fail(c, "NOT_FOUND", `no session ${c.req.param("id")} for this agent`);
    const policy = rt.policies.policy;
    const agent = policy.agents.get(s.agent);
    const granted = [...(policy.tasks.get(s.task) ?? [])].filter((t) => agent?.tools.has(t)).sort();
    // Ready to hand to an LLM as its tool list: name, description, JSON Schema of the arguments.
    const tools = granted.map((name) => {
      const spec = policy.tools.get(name)?.spec;
      return { name, description: spec?.description ?? spec?.effect ?? "", tier: spec?.tier, input_schema: typeof spec?.args === "object" ? spec.args : { type: "object" } };
    });
    return c.json({ session_id: s.id, task: s.task, tools });
  });

  app.get("/:id", async (c) => {
    const s = await ownSession(rt, c.get("identity"), c.req.param("id"));
    if (!s) return fail(c, "NOT_FOUND", `no session ${c.req.param("id")} for this agent`);
    return c.json({ id: s.id, agent: s.agent, task: s.task, principal: s.principal, status: s.status, labels: s.labels, counters: s.counters, steps: s.history.length });
  });

  app.delete("/:id", async (c) => {
    const s = await ownSession(rt, c.get("identity"), c.req.param("id"));
    if (!s) return fail(c, "NOT_FOUND", `no session ${c.req.param("id")} for this agent`);
    // Retried on conflict: ending must not be lost to a call writing the session at the same moment.
    await updateSession(rt.store.sessions, s.id, (x) => ({ ...x, status: "ended" })).catch((e: unknown) => {
      if ((e as { code?: string }).code !== "NOT_FOUND") throw e;
    });
    rt.metrics.sessions.inc({ event: "end" });
    rt.logger.info({ event: "session.end", session_id: s.id, correlation_id: c.get("correlationId") }, "session ended");
    return c.json({ id: s.id, status: "ended" });
  });

  app.post("/:id/calls", async (c) => {
    const id = c.get("identity");
    if (id.kind !== "agent") return fail(c, "AUTH_FORBIDDEN", "agents only");
    const body = await jsonBody(c);
    if (!body.ok) return fail(c, "REQUEST_INVALID", body.message);
    const problem = check(CREATE_CALL, body.value);
    if (problem) return fail(c, "REQUEST_INVALID", problem);
    const res = await governedCall(rt, id.agent, c.req.param("id"), body.value as CallInput, c.get("correlationId"));
    for (const [k, v] of Object.entries(res.headers ?? {})) c.header(k, v);
    return c.json(res.body, res.status);
  });

  return app;
}

async function ownSession(rt: Runtime, id: Vars["identity"], sid: string): Promise<Session | null> {
  const s = await peekSession(rt.store.sessions, sid);
  return s && id.kind === "agent" && s.agent === id.agent ? s : null;
}

/** A session may only tighten the policy's session budget; returns the limits or why they loosen it. */
function tightenOnly(policy: { tool_calls?: number; cost_usd?: number; tokens?: number; wall_time_ms?: number; meters: Record<string, number> } | undefined, b: Budgets | undefined): Session["budgets"] | string | undefined {
  if (!b) return undefined;
  const out: NonNullable<Session["budgets"]> = {};
  const cmp = (name: string, mine: number | undefined, cap: number | undefined): string | undefined => (mine !== undefined && cap !== undefined && mine > cap ? `budgets.${name} ${mine} is looser than the policy's ${cap}; a session may only tighten budgets` : undefined);
  const wall = b.wall_time !== undefined ? parseDuration(b.wall_time) : undefined;
  const err =
    cmp("tool_calls", b.tool_calls, policy?.tool_calls) ?? cmp("cost_usd", b.cost_usd, policy?.cost_usd) ?? cmp("tokens", b.tokens, policy?.tokens) ?? cmp("wall_time (ms)", wall, policy?.wall_time_ms) ??
    Object.entries(b.meters ?? {}).map(([k, v]) => cmp(`meters.${k}`, v, policy?.meters[k])).find((x) => x !== undefined);
  if (err) return err;
  if (b.tool_calls !== undefined) out.tool_calls = b.tool_calls;
  if (b.cost_usd !== undefined) out.cost_usd = b.cost_usd;
  if (b.tokens !== undefined) out.tokens = b.tokens;
  if (wall !== undefined) out.wall_time_ms = wall;
  if (b.meters) out.meters = b.meters;
  return out;
}
