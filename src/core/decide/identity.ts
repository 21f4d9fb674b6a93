// Checks that need no CEL: declared tool, agent and task, task grant, RBAC, tenant, session binding, args schema.
import type { CompiledAgent, CompiledTool, PolicySet } from "../policy/index.js";
import type { Session } from "../session/index.js";
import type { Call, Reason } from "../types.js";
import { BUILTIN } from "./builtin.js";

export type IdentityResult = { ok: true; tool: CompiledTool; agent: CompiledAgent } | { ok: false; reason: Reason };

const deny = (rule_id: string, message: string): IdentityResult => ({ ok: false, reason: { rule_id, effect: "deny", message } });

export function checkIdentity(policy: PolicySet, call: Call, session: Session | undefined): IdentityResult {
  const tool = policy.tools.get(call.tool);
  if (!tool) return deny(BUILTIN.unknownTool, `tool \`${clip(call.tool)}\` is not declared in the policy; undeclared tools are always denied`);
  const agent = policy.agents.get(call.agent);
  if (!agent) return deny(BUILTIN.unknownAgent, `agent \`${clip(call.agent)}\` is not declared in the policy`);
  const granted = policy.tasks.get(call.task);
  if (!granted) return deny(BUILTIN.unknownTask, `task \`${clip(call.task)}\` is not declared in the policy`);
  if (session) {
    if (session.agent !== call.agent || session.task !== call.task)
      return deny(BUILTIN.sessionMismatch, `the call names agent \`${clip(call.agent)}\` and task \`${clip(call.task)}\`, but the session belongs to \`${session.agent}\` / \`${session.task}\``);
    if (session.status !== "active") return deny(BUILTIN.sessionInactive, `session ${session.id} is ${session.status}; start a new session or ask an operator to resume it`);
  }
  if (!granted.has(call.tool)) return deny(BUILTIN.notInTask, `tool \`${call.tool}\` is not granted to task \`${call.task}\`; start a session for a task that grants it`);
  if (!agent.tools.has(call.tool)) return deny(BUILTIN.rbac, `agent \`${agent.id}\` (roles: ${agent.roles.join(", ") || "none"}) may not use \`${call.tool}\``);
  const tenant = session?.tenant ?? (typeof call.context?.["tenant"] === "string" ? call.context["tenant"] : undefined);
  if (tenant !== undefined && tenant !== agent.tenant) return deny(BUILTIN.tenant, `agent \`${agent.id}\` belongs to tenant \`${agent.tenant}\`, not \`${clip(String(tenant))}\``);
  return { ok: true, tool, agent };
}

export function checkArgs(tool: CompiledTool, args: unknown): Reason | undefined {
  if (tool.validateArgs) {
    if (tool.validateArgs(args)) return undefined;
    const errs = (tool.validateArgs.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || "args"} ${e.message ?? "is invalid"}`);
    return { rule_id: BUILTIN.argsSchema, effect: "deny", message: `arguments do not match the schema of \`${tool.name}\`: ${errs.join("; ")}` };
  }
  if (args === null || typeof args !== "object" || Array.isArray(args)) return { rule_id: BUILTIN.argsSchema, effect: "deny", message: `arguments of \`${tool.name}\` must be a JSON object` };
  return undefined;
}

// SECURITY: names come from the caller; keep messages bounded so a huge name cannot bloat logs.
function clip(s: string): string {
  const str = String(s);
  return str.length > 80 ? str.slice(0, 77) + "..." : str;
}
