// Approvers and operators: list, show (full context), approve, deny, ask to explain, cancel; batch actions;
// incident reports that reset progressive autonomy. Roles: approver decides, operator cancels, auditor reads.
// Tenant scope: a tenant-bound token sees and acts on its tenant's approvals only.
import { Hono, type Context } from "hono";
import { summarizeBatches, type Actor } from "../../approvals/index.js";
import type { Identity } from "../../identity/index.js";
import { ApprovalService, getOutcome, isRecord, listItem, recordOf, type ActionResult } from "../approvals/index.js";
import { inTenant, requirePerson, type Vars } from "../http/auth.js";
import { jsonBody } from "../http/body.js";
import { fail } from "../http/errors.js";
import { APPROVE_APPROVAL, CANCEL_APPROVAL, DENY_APPROVAL, EXPLAIN_APPROVAL, RESET_DECAY, check } from "../http/schemas.js";
import type { Runtime } from "../runtime.js";

const STATUS = { NOT_FOUND: 404, AUTH_FORBIDDEN: 403, APPROVAL_NOT_PENDING: 409, APPROVAL_SELF: 403, APPROVAL_ALREADY_VOTED: 409, APPROVAL_NOT_IN_GROUP: 403 } as const;
const READ = ["approver", "operator", "auditor"] as const;

const actorOf = (id: Identity): Actor => (id.kind === "person" ? { user: id.user, role: id.role, tenant: id.tenant } : { user: id.agent, role: "auditor", tenant: null });

/** Body for an action; an empty body is `{}` (approve and cancel need nothing). */
async function body<T>(c: Context, schema: object): Promise<{ ok: true; value: T } | { ok: false; res: Response }> {
  const raw = (c.req.header("content-length") === "0" || !c.req.header("content-type")) ? { ok: true as const, value: {} } : await jsonBody(c);
  if (!raw.ok) return { ok: false, res: fail(c, "REQUEST_INVALID", raw.message) };
  const problem = check(schema, raw.value);
  if (problem) return { ok: false, res: fail(c, "REQUEST_INVALID", problem) };
  return { ok: true, value: raw.value as T };
}

function answer(c: Context, r: ActionResult) {
  if (!r.ok) return fail(c, r.code, r.message, { status: STATUS[r.code] });
  return c.json({ ...r, ok: undefined, correlation_id: c.get("correlationId") as string });
}

export function adminApprovalRoutes(rt: Runtime) {
  const app = new Hono<{ Variables: Vars }>();
  const svc = (): ApprovalService => {
    // INVARIANT: start.ts installs the service; without it there is nothing a person could decide.
    if (!(rt.approvals instanceof ApprovalService)) throw new Error("approvals service not installed");
    return rt.approvals;
  };
  const pendingInScope = async (id: Identity) => (await rt.store.approvals.listPending(1000)).filter((e) => isRecord(e) && inTenant(id, recordOf(e).tenant));

  app.get("/", requirePerson(rt, [...READ]), async (c) => {
    const q = { batch: c.req.query("batch"), tool: c.req.query("tool"), session: c.req.query("session"), agent: c.req.query("agent") };
    const items = (await pendingInScope(c.get("identity"))).filter((e) => {
      const r = recordOf(e);
      return (!q.batch || r.batch_id === q.batch) && (!q.tool || r.call.tool === q.tool) && (!q.session || r.session_id === q.session) && (!q.agent || r.agent === q.agent);
    });
    return c.json({ approvals: items.map((e) => listItem(e)), batches: summarizeBatches(items.map((e) => ({ id: e.id, deadline: e.deadline, value: recordOf(e) }))).filter((b) => b.count > 1) });
  });

  app.get("/batches", requirePerson(rt, [...READ]), async (c) => {
    const items = await pendingInScope(c.get("identity"));
    return c.json({ batches: summarizeBatches(items.map((e) => ({ id: e.id, deadline: e.deadline, value: recordOf(e) }))) });
  });

  // Batch actions: "approve all" / "deny all"; "review each" is the per-request routes. Every request is
  // still decided on its own (eligibility, CAS), so one refusal does not hide the others' results.
  const batchAction = (kind: "approve" | "deny") => async (c: Context<{ Variables: Vars }>) => {
    const b = await body<{ comment?: string; reason?: string }>(c, kind === "approve" ? APPROVE_APPROVAL : DENY_APPROVAL);
    if (!b.ok) return b.res;
    const id = c.get("identity");
    const members = (await pendingInScope(id)).filter((e) => recordOf(e).batch_id === c.req.param("batch"));
    if (!members.length) return fail(c, "NOT_FOUND", `no pending batch ${c.req.param("batch")}`);
    const results = [];
    for (const e of members) {
      const r = kind === "approve" ? await svc().approve(e.id, actorOf(id), b.value.comment) : await svc().deny(e.id, actorOf(id), b.value.reason as string);
      results.push(r.ok ? { id: e.id, ok: true, status: r.status, ...(r.execution ? { execution: r.execution } : {}) } : { id: e.id, ok: false, error: { code: r.code, message: r.message } });
    }
    return c.json({ batch_id: c.req.param("batch"), results, correlation_id: c.get("correlationId") });
  };
  app.post("/batches/:batch/approve", requirePerson(rt, ["approver"]), batchAction("approve"));
  app.post("/batches/:batch/deny", requirePerson(rt, ["approver"]), batchAction("deny"));

  app.post("/decay/reset", requirePerson(rt, ["operator"]), async (c) => {
    const b = await body<{ agent: string; tool?: string; reason?: string }>(c, RESET_DECAY);
    if (!b.ok) return b.res;
    const agent = rt.policies.policy.agents.get(b.value.agent);
    if (!agent || !inTenant(c.get("identity"), agent.tenant)) return fail(c, "NOT_FOUND", `no agent ${b.value.agent}`);
    const reset = await svc().reportIncident(b.value.agent, b.value.tool, actorOf(c.get("identity")).user, b.value.reason ?? "incident");
    return c.json({ agent: b.value.agent, reset, correlation_id: c.get("correlationId") });
  });

  app.get("/:id", requirePerson(rt, [...READ]), async (c) => {
    const e = await rt.store.approvals.get(c.req.param("id"));
    if (!e || !isRecord(e) || !inTenant(c.get("identity"), recordOf(e).tenant)) return fail(c, "NOT_FOUND", `no approval ${c.req.param("id")}`);
    return c.json(await svc().view(e));
  });

  app.get("/:id/outcome", requirePerson(rt, [...READ]), async (c) => {
    const e = await rt.store.approvals.get(c.req.param("id"));
    if (!e || !isRecord(e) || !inTenant(c.get("identity"), recordOf(e).tenant)) return fail(c, "NOT_FOUND", `no approval ${c.req.param("id")}`);
    const o = await getOutcome(rt, e.id);
    return c.json({ id: e.id, execution: o ? { status: o.status, http_status: o.http_status, error: o.error ?? null } : null });
  });

  app.post("/:id/approve", requirePerson(rt, ["approver"]), async (c) => {
    const b = await body<{ comment?: string }>(c, APPROVE_APPROVAL);
    if (!b.ok) return b.res;
    return answer(c, await svc().approve(c.req.param("id"), actorOf(c.get("identity")), b.value.comment));
  });

  app.post("/:id/deny", requirePerson(rt, ["approver"]), async (c) => {
    const b = await body<{ reason: string }>(c, DENY_APPROVAL);
    if (!b.ok) return b.res;
    return answer(c, await svc().deny(c.req.param("id"), actorOf(c.get("identity")), b.value.reason));
  });

  app.post("/:id/explain", requirePerson(rt, ["approver"]), async (c) => {
    const b = await body<{ question: string }>(c, EXPLAIN_APPROVAL);
    if (!b.ok) return b.res;
    return answer(c, await svc().explain(c.req.param("id"), actorOf(c.get("identity")), b.value.question));
  });

  app.post("/:id/cancel", requirePerson(rt, ["operator"]), async (c) => {
    const b = await body<{ reason?: string }>(c, CANCEL_APPROVAL);
    if (!b.ok) return b.res;
    return answer(c, await svc().cancel(c.req.param("id"), actorOf(c.get("identity")), b.value.reason ?? "cancelled by an operator"));
  });

  return app;
}
