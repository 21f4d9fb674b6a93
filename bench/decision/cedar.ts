// The same generated policy as Cedar: task/RBAC grant → permit, deny rule → forbid, approve rule → forbid
// annotated as an approval (the caller reads the determining policies to tell "deny" from "needs a human"),
// allow-with-obligations → permit, write_broad tier floor → an annotated forbid over a resource attribute.
import * as cedar from "@cedar-policy/cedar-wasm/nodejs";
import type { Call } from "../../src/core/index.js";
import type { Cond, GeneratedPolicy, GenRule } from "./generate.js";

type EntityJson = cedar.EntityJson;

const q = (s: string): string => JSON.stringify(s);
/** Cedar `like` pattern: `*` is the wildcard; escape a literal one. */
const lit = (s: string): string => JSON.stringify(s).slice(1, -1).replace(/\*/g, "\\*");

export function condToCedar(c: Cond): string {
  switch (c.k) {
    case "gt": return `context.args.${c.field} > ${c.n}`;
    case "le": return `context.args.${c.field} <= ${c.n}`;
    case "endsWith": return `context.args.${c.field} like "*${lit(c.s)}"`;
    case "notEndsWith": return `!(context.args.${c.field} like "*${lit(c.s)}")`;
    case "startsWith": return `context.args.${c.field} like "${lit(c.s)}*"`;
    case "contains": return `context.args.${c.field} like "*${lit(c.s)}*"`;
    case "inList": return `[${c.values.map(q).join(", ")}].contains(context.args.${c.field})`;
    case "hasRole": return `principal in Role::${q(c.role)}`;
    case "lacksRole": return `!(principal in Role::${q(c.role)})`;
    case "zone": return `principal.zone == ${q(c.zone)}`;
    case "noPrincipal": return `context.principal == ""`;
    case "principalPrefix": return `context.principal like "${lit(c.s)}*"`;
    case "channel": return `context.channel == ${q(c.s)}`;
  }
}

/**
 * One Cedar policy per tool the rule names: Cedar's scope takes a single entity, and a scoped policy is the
 * idiomatic (and for Cedar the cheapest) form. A global rule leaves the resource unconstrained.
 */
function ruleToCedar(r: GenRule): [string, string][] {
  const effect = r.effect === "allow" ? "permit" : "forbid";
  const note = r.effect === "approve" ? `@warden("approve")\n` : "";
  const text = (resource: string) => `${note}${effect}(principal, action == Action::"call", ${resource}) when { ${r.conds.map(condToCedar).join(" && ")} };`;
  if (r.tools === undefined) return [[r.id, text("resource")]];
  if (r.tools.length === 1) return [[r.id, text(`resource == Tool::${q(r.tools[0] as string)}`)]];
  return r.tools.map((t) => [`${r.id}#${t}`, text(`resource == Tool::${q(t)}`)]);
}

export function policiesToCedar(p: GeneratedPolicy): Record<string, string> {
  const out: Record<string, string> = {};
  // Grants: the task grants every tool, each role may use every tool (as in the YAML).
  for (const role of ["ops", "admin", "finance"]) out[`grant-${role}`] = `permit(principal in Role::${q(role)}, action == Action::"call", resource in Task::"work");`;
  out["tier-floor"] = `@warden("approve")\nforbid(principal, action == Action::"call", resource) when { resource.tier == "write_broad" };`;
  for (const r of p.rules) for (const [id, text] of ruleToCedar(r)) out[id] = text;
  return out;
}

export interface CedarBench {
  /** Authorize one call against the pre-parsed policy set. Returns "allow" | "deny" | "approve". */
  authorize(call: Call): string;
  policyCount: number;
}

/** Pre-parse once; per call pass only the principal, its roles, the tool and the task it belongs to. */
export function prepareCedar(p: GeneratedPolicy, id = `bench-${p.size}`): CedarBench {
  const policies = policiesToCedar(p);
  const parsed = cedar.preparsePolicySet(id, { staticPolicies: policies });
  if (parsed.type !== "success") throw new Error(`cedar could not parse the translated policy: ${JSON.stringify(parsed.errors.slice(0, 3))}`);
  const approveIds = new Set(Object.entries(policies).filter(([, t]) => t.startsWith("@warden(\"approve\")")).map(([k]) => k));
  const agentEntities = new Map<string, EntityJson[]>();
  for (const [agentId, a] of Object.entries(p.agents)) {
    agentEntities.set(agentId, [
      { uid: { type: "Agent", id: agentId }, attrs: { zone: a.zone }, parents: a.roles.map((r) => ({ type: "Role", id: r })) },
      ...a.roles.map((r) => ({ uid: { type: "Role", id: r }, attrs: {}, parents: [] })),
    ]);
  }
  const toolEntities = new Map<string, EntityJson[]>();
  for (const [tool, tier] of Object.entries(p.tiers)) {
    toolEntities.set(tool, [{ uid: { type: "Tool", id: tool }, attrs: { tier }, parents: [{ type: "Task", id: "work" }] }, { uid: { type: "Task", id: "work" }, attrs: {}, parents: [] }]);
  }
  const action = { type: "Action", id: "call" };
  return {
    policyCount: Object.keys(policies).length,
    authorize(call: Call): string {
      const entities = [...(agentEntities.get(call.agent) ?? []), ...(toolEntities.get(call.tool) ?? [])];
      const res = cedar.statefulIsAuthorized({
        principal: { type: "Agent", id: call.agent },
        action,
        resource: { type: "Tool", id: call.tool },
        context: { args: call.args as cedar.Context, principal: call.principal ?? "", channel: (call.context?.["channel"] as string) ?? "" },
        preparsedPolicySetId: id,
        entities,
      });
      if (res.type !== "success") return "error";
      const { decision, diagnostics } = res.response;
      if (decision === "allow") return "allow";
      const forbids = diagnostics.reason;
      return forbids.length > 0 && forbids.every((r) => approveIds.has(r)) ? "approve" : "deny";
    },
  };
}
