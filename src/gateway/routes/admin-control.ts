// Admin API of the kill switch and breakers (operators), the drill record, and the agents' accounting
// API for token and cost usage. Every action is audited with who and why (src/control does it).
import { Hono, type Context } from "hono";
import { controlOf, parseScope, recordUsage, type ControlPlane, type Scope } from "../../control/index.js";
import type { Json } from "../../ports/index.js";
import { inTenant, requireAgent, requirePerson, type Vars } from "../http/auth.js";
import { jsonBody } from "../http/body.js";
import { fail } from "../http/errors.js";
import { check } from "../http/schemas.js";
import { peekSession } from "../pipeline/session-repo.js";
import type { Runtime } from "../runtime.js";

const scope = { type: "object", required: ["kind"], properties: { kind: { enum: ["session", "agent", "tenant", "all"] }, id: { type: "string" } } } as const;
const reason = { type: "string", minLength: 3, maxLength: 2000, description: "Why: recorded in the audit log." } as const;
export const KILL = { type: "object", additionalProperties: false, required: ["level", "scope", "reason"], properties: { level: { enum: ["graceful", "emergency"] }, scope, reason, wait: { type: "boolean", description: "Graceful: answer once the scope has stopped." } } } as const;
export const RESUME = { type: "object", additionalProperties: false, required: ["scope", "reason"], properties: { scope, reason } } as const;
export const DRILL = { type: "object", additionalProperties: false, required: ["report"], properties: { report: { type: "object" } } } as const;
export const USAGE = { type: "object", additionalProperties: false, properties: { tokens: { type: "integer", minimum: 0 }, cost_usd: { type: "number", minimum: 0 }, model: { type: "string", maxLength: 200 }, output: { type: "string", maxLength: 1_000_000 } } } as const;

type Body<T> = { ok: true; value: T } | { ok: false; res: Response };

export function adminControlRoutes(rt: Runtime) {
  const app = new Hono<{ Variables: Vars }>();
  const plane = (): ControlPlane => {
    const p = controlOf(rt);
    if (!p) throw new Error("control plane not installed");
    return p;
  };
  const body = async <T>(c: Context, schema: object): Promise<Body<T>> => {
    const b = await jsonBody(c);
    if (!b.ok) return { ok: false, res: fail(c, "REQUEST_INVALID", b.message) };
    const problem = check(schema, b.value);
    if (problem) return { ok: false, res: fail(c, "REQUEST_INVALID", problem) };
    return { ok: true, value: b.value as T };
  };
  const who = (c: { get(k: "identity"): Vars["identity"] }) => {
    const id = c.get("identity");
    return id.kind === "person" ? `${id.user} (${id.role})` : `agent ${id.agent}`;
  };
  /** SECURITY: a tenant-bound token acts only inside its tenant; `all` needs an unbound token. */
  const allowed = async (id: Vars["identity"], s: Scope): Promise<boolean> => {
    if (id.kind !== "person" || id.tenant === null) return true;
    if (s.kind === "all") return false;
    if (s.kind === "tenant") return s.id === id.tenant;
    if (s.kind === "agent") return inTenant(id, rt.policies.policy.agents.get(s.id as string)?.tenant ?? "\u0000unknown");
    const sess = await peekSession(rt.store.sessions, s.id as string);
    return sess !== null && inTenant(id, sess.tenant ?? null);
  };

  app.get("/", requirePerson(rt, ["operator", "auditor"]), (c) => c.json(plane().status() as unknown as Json));

  app.post("/kill", requirePerson(rt, ["operator"]), async (c) => {
    const b = await body<{ level: "graceful" | "emergency"; scope: unknown; reason: string; wait?: boolean }>(c, KILL);
    if (!b.ok) return b.res;
    const s = parseScope(b.value.scope);
    if (typeof s === "string") return fail(c, "REQUEST_INVALID", s);
    if (!(await allowed(c.get("identity"), s))) return fail(c, "AUTH_FORBIDDEN", "this token is bound to a tenant and cannot act on that scope");
    const report = await plane().kill.kill({ level: b.value.level, scope: s, reason: b.value.reason, by: who(c), correlationId: c.get("correlationId") });
    const done = b.value.wait && report.done ? await report.done : report;
    const { done: _d, ...rest } = done;
    return c.json({ ...rest, correlation_id: c.get("correlationId") } as unknown as Json, b.value.level === "graceful" && !b.value.wait ? 202 : 200);
  });

  app.post("/resume", requirePerson(rt, ["operator"]), async (c) => {
    const b = await body<{ scope: unknown; reason: string }>(c, RESUME);
    if (!b.ok) return b.res;
    const s = parseScope(b.value.scope);
    if (typeof s === "string") return fail(c, "REQUEST_INVALID", s);
    if (!(await allowed(c.get("identity"), s))) return fail(c, "AUTH_FORBIDDEN", "this token is bound to a tenant and cannot act on that scope");
    const r = await plane().kill.resume(s, b.value.reason, who(c), c.get("correlationId"));
    if (!r) return fail(c, "CONTROL_NOT_HALTED", `nothing is halted or paused at exactly that scope; see GET /admin/control`, { status: 409 });
    return c.json({ ...r, scope: s, correlation_id: c.get("correlationId") });
  });

  app.post("/drills", requirePerson(rt, ["operator"]), async (c) => {
    const b = await body<{ report: Record<string, unknown> }>(c, DRILL);
    if (!b.ok) return b.res;
    const at = new Date(rt.now()).toISOString();
    const rec = await rt.audit.append({ kind: "control", action: "drill.kill_switch", correlation_id: c.get("correlationId"), details: { by: who(c), at, report: b.value.report } });
    const ok = (b.value.report as { ok?: unknown }).ok === true;
    await rt.store.control.set("drill:last", { kind: "kill-switch", at, ok, by: who(c), audit_seq: rec.seq } as unknown as Json);
    return c.json({ recorded: true, at, ok, audit_seq: rec.seq }, 201);
  });

  return app;
}

/** POST /v1/sessions/{id}/usage: token and cost usage of the session's model calls. */
export function usageRoutes(rt: Runtime) {
  const app = new Hono<{ Variables: Vars }>();
  app.post("/:id/usage", requireAgent(rt), async (c) => {
    const id = c.get("identity");
    if (id.kind !== "agent") return fail(c, "AUTH_FORBIDDEN", "agents only");
    const b = await jsonBody(c);
    if (!b.ok) return fail(c, "REQUEST_INVALID", b.message);
    const problem = check(USAGE, b.value);
    if (problem) return fail(c, "REQUEST_INVALID", problem);
    const p = controlOf(rt);
    if (!p) return fail(c, "INTERNAL", "control plane not installed");
    const r = await recordUsage(p, id.agent, c.req.param("id"), b.value as Parameters<typeof recordUsage>[3], c.get("correlationId"));
    if (!r.ok) return fail(c, r.code, r.message);
    return c.json({ ...r, correlation_id: c.get("correlationId") });
  });
  return app;
}
