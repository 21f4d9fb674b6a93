// Authentication middleware: agents present API keys, people present role tokens. Every route states
// which kind (and which roles) it accepts.
import type { Context, MiddlewareHandler } from "hono";
import type { Identity, PersonRole } from "../../identity/index.js";
import type { Runtime } from "../runtime.js";
import { fail } from "./errors.js";

export type Vars = { correlationId: string; identity: Identity };

function bearer(c: Context): string | undefined {
  const h = c.req.header("authorization");
  const m = h ? /^Bearer\s+(\S+)$/i.exec(h) : null;
  return m?.[1];
}

async function identify(rt: Runtime, c: Context): Promise<Identity | Response> {
  const token = bearer(c);
  if (!token) return fail(c, "AUTH_MISSING", "send `Authorization: Bearer <key>` (agents: an API key from `warden agents create`; people: a token from `warden tokens create`)");
  const id = await rt.identities.authenticate(token);
  if (!id) return fail(c, "AUTH_INVALID", "the token is unknown, malformed or revoked; ask an admin for a new one");
  return id;
}

export function requireAgent(rt: Runtime): MiddlewareHandler<{ Variables: Vars }> {
  return async (c, next) => {
    const id = await identify(rt, c);
    if (id instanceof Response) return id;
    if (id.kind !== "agent") return fail(c, "AUTH_FORBIDDEN", "this endpoint is for agents; use an agent API key");
    c.set("identity", id);
    await next();
  };
}

export function requirePerson(rt: Runtime, roles: PersonRole[]): MiddlewareHandler<{ Variables: Vars }> {
  return async (c, next) => {
    const id = await identify(rt, c);
    if (id instanceof Response) return id;
    // Admins hold every role.
    if (id.kind !== "person" || (id.role !== "admin" && !roles.includes(id.role))) return fail(c, "AUTH_FORBIDDEN", `this endpoint needs one of the roles: ${["admin", ...roles].join(", ")}`);
    c.set("identity", id);
    await next();
  };
}

/** Tenant scope: a person token bound to a tenant reaches only that tenant's resources. */
export function inTenant(id: Identity, tenant: string | null | undefined): boolean {
  return id.kind !== "person" || id.tenant === null || id.tenant === (tenant ?? null);
}
