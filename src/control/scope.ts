// Scopes of the kill switch: one session, one agent, one tenant, or everything. A call is covered by a
// halt when any of the four scopes it belongs to is halted.

export type ScopeKind = "session" | "agent" | "tenant" | "all";
export interface Scope {
  kind: ScopeKind;
  /** null only for `all`. */
  id: string | null;
}

/** Who a call or session belongs to. */
export interface Target {
  agent: string;
  tenant: string | null;
  sessionId: string | null;
}

export const HALT_PREFIX = "halt:";
export const PAUSE_PREFIX = "pause:agent:";

export function haltKey(s: Scope): string {
  return s.kind === "all" ? "halt:all" : `halt:${s.kind}:${s.id}`;
}

/** The halt keys that cover a target, broadest first. */
export function keysFor(t: Target): string[] {
  const keys = ["halt:all"];
  if (t.tenant !== null) keys.push(`halt:tenant:${t.tenant}`);
  keys.push(`halt:agent:${t.agent}`);
  if (t.sessionId !== null) keys.push(`halt:session:${t.sessionId}`);
  return keys;
}

export function covers(s: Scope, t: { agent: string; tenant: string | null; sessionId: string | null }): boolean {
  switch (s.kind) {
    case "all":
      return true;
    case "tenant":
      return t.tenant === s.id;
    case "agent":
      return t.agent === s.id;
    case "session":
      return t.sessionId === s.id;
  }
}

export function describeScope(s: Scope): string {
  return s.kind === "all" ? "everything" : `${s.kind} ${s.id}`;
}

const ID = /^[A-Za-z0-9_.:@-]{1,200}$/;

/** Parse `{kind, id}` from an API body; returns an explanation when it is not a scope. */
export function parseScope(v: unknown): Scope | string {
  if (!v || typeof v !== "object") return "scope must be an object {kind: session|agent|tenant|all, id}";
  const { kind, id } = v as { kind?: unknown; id?: unknown };
  if (kind === "all") return { kind: "all", id: null };
  if (kind !== "session" && kind !== "agent" && kind !== "tenant") return "scope.kind must be session, agent, tenant or all";
  if (typeof id !== "string" || !ID.test(id)) return `scope.id must be the ${kind}'s id (letters, digits, _ . : @ -)`;
  return { kind, id };
}
