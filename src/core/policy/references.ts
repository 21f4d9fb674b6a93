// Cross-reference checks: every name a policy uses must be declared, and ids must be unique.
import type { Diagnostic } from "./diagnostic.js";
import { locate, type PolicySource } from "./source.js";
import { parseRate } from "./duration.js";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

export function checkReferences(src: PolicySource): Diagnostic[] {
  const doc = src.value as Obj;
  const out: Diagnostic[] = [];
  const tools = new Set(isObj(doc["tools"]) ? Object.keys(doc["tools"]) : []);
  const roles = new Set(isObj(doc["roles"]) ? Object.keys(doc["roles"]) : []);
  const push = (code: Diagnostic["code"], message: string, path: (string | number)[]) => {
    const p = locate(src, path);
    out.push({ code, message, file: src.file, line: p.line, col: p.col });
  };
  const needTools = (list: unknown, path: (string | number)[], what: string) => {
    if (!Array.isArray(list)) return;
    list.forEach((t, i) => {
      if (typeof t === "string" && t !== "*" && !tools.has(t)) push("POLICY_UNDECLARED_TOOL", `${what} names undeclared tool \`${t}\``, [...path, i]);
    });
  };

  if (isObj(doc["tasks"])) for (const [task, list] of Object.entries(doc["tasks"])) needTools(list, ["tasks", task], `task \`${task}\``);
  if (isObj(doc["roles"]))
    for (const [role, spec] of Object.entries(doc["roles"])) if (isObj(spec)) needTools(spec["tools"], ["roles", role, "tools"], `role \`${role}\``);
  if (isObj(doc["agents"]))
    for (const [agent, spec] of Object.entries(doc["agents"]))
      if (isObj(spec))
        strs(spec["roles"]).forEach((r, i) => {
          if (!roles.has(r)) push("POLICY_UNDECLARED_ROLE", `agent \`${agent}\` has undeclared role \`${r}\``, ["agents", agent, "roles", i]);
        });
  if (isObj(doc["meters"]))
    for (const [m, spec] of Object.entries(doc["meters"])) if (isObj(spec)) needTools(spec["tools"], ["meters", m, "tools"], `meter \`${m}\``);
  if (isObj(doc["rate_limits"]))
    for (const [tool, spec] of Object.entries(doc["rate_limits"])) {
      if (tool !== "*" && !tools.has(tool)) push("POLICY_UNDECLARED_TOOL", `rate limit for undeclared tool \`${tool}\``, ["rate_limits", tool]);
      const text = typeof spec === "string" ? spec : isObj(spec) && typeof spec["limit"] === "string" ? spec["limit"] : undefined;
      if (text !== undefined && !parseRate(text))
        push("POLICY_BAD_RATE", `rate \`${text}\` is not of the form N/sec, N/min, N/hour or N/day`, typeof spec === "string" ? ["rate_limits", tool] : ["rate_limits", tool, "limit"]);
    }
  // Ids are unique across rules, flows and sequences: decisions name them as reasons.
  const seen = new Map<string, string>();
  for (const section of ["rules", "flows", "sequences"] as const) {
    const list = doc[section];
    if (!Array.isArray(list)) continue;
    list.forEach((item, i) => {
      if (!isObj(item) || typeof item["id"] !== "string") return;
      const id = item["id"];
      if (id.startsWith("warden.")) push("POLICY_RESERVED_ID", `id \`${id}\` uses the reserved \`warden.\` prefix`, [section, i, "id"]);
      if (seen.has(id)) push("POLICY_DUPLICATE_ID", `id \`${id}\` is already used by ${seen.get(id)}`, [section, i, "id"]);
      else seen.set(id, `${section}[${i}]`);
      needTools(item["tools"], [section, i, "tools"], `${section.slice(0, -1)} \`${id}\``);
      if (section === "sequences") needTools(item["steps"], [section, i, "steps"], `sequence \`${id}\``);
    });
  }
  return out;
}
