// Admin API for people: identities, policy status and reload, session inspection. Every route checks role
// and tenant.
import { Hono } from "hono";
import type { Json } from "../../ports/index.js";
import { inTenant, requirePerson, type Vars } from "../http/auth.js";
import { jsonBody } from "../http/body.js";
import { fail } from "../http/errors.js";
import { CREATE_AGENT_KEY, check } from "../http/schemas.js";
import { peekSession } from "../pipeline/session-repo.js";
import type { Runtime } from "../runtime.js";

export function adminRoutes(rt: Runtime) {
  const app = new Hono<{ Variables: Vars }>();

  app.get("/policy", requirePerson(rt, ["operator", "auditor", "approver"]), (c) => c.json(rt.policies.reloadStatus));

  app.post("/policy/reload", requirePerson(rt, ["operator"]), async (c) => {
    const r = rt.policies.reload();
    const id = c.get("identity");
    await rt.audit.append({ kind: "control", action: "policy.reload", details: { ok: r.ok, changed: r.changed, errors: r.errors ?? [], by: id.kind === "person" ? id.user : null }, policy_hash: rt.policies.policy.version, correlation_id: c.get("correlationId") });
    if (!r.ok) return fail(c, "POLICY_INVALID_VALUE", "the new policy was refused; the old one keeps serving", { status: 422, details: r.errors });
    return c.json({ ...rt.policies.reloadStatus, changed: r.changed });
  });

  app.post("/agents/keys", requirePerson(rt, []), async (c) => {
    const body = await jsonBody(c);
    if (!body.ok) return fail(c, "REQUEST_INVALID", body.message);
    const problem = check(CREATE_AGENT_KEY, body.value);
    if (problem) return fail(c, "REQUEST_INVALID", problem);
    const req = body.value as { agent: string; label?: string };
    const agent = rt.policies.policy.agents.get(req.agent);
    if (!agent) return fail(c, "REQUEST_INVALID", `agent \`${req.agent}\` is not declared in the policy`);
    if (!inTenant(c.get("identity"), agent.tenant)) return fail(c, "AUTH_FORBIDDEN", `agent \`${req.agent}\` belongs to another tenant`);
    const { record, token } = await rt.identities.createAgentKey(req.agent, req.label);
    await rt.audit.append({ kind: "control", action: "agent_key.create", agent_id: req.agent, tenant: agent.tenant, details: { key_id: record.id }, correlation_id: c.get("correlationId") });
    return c.json({ id: record.id, agent: req.agent, key: token, note: "store this key now; Warden keeps only its hash" }, 201);
  });

  app.delete("/credentials/:id", requirePerson(rt, []), async (c) => {
    const rec = await rt.identities.revoke(c.req.param("id"));
    if (!rec) return fail(c, "NOT_FOUND", `no credential ${c.req.param("id")}`);
    await rt.audit.append({ kind: "control", action: "credential.revoke", details: { id: rec.id, kind: rec.kind }, correlation_id: c.get("correlationId") });
    return c.json({ id: rec.id, revoked: true });
  });

  app.get("/sessions/:id", requirePerson(rt, ["operator", "auditor", "approver"]), async (c) => {
    const s = await peekSession(rt.store.sessions, c.req.param("id"));
    if (!s || !inTenant(c.get("identity"), s.tenant)) return fail(c, "NOT_FOUND", `no session ${c.req.param("id")}`);
    const { seen: _seen, ...rest } = s;
    return c.json(rest as unknown as Json);
  });

  return app;
}
