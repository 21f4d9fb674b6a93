// Generated policies for the decision benchmark. One abstract rule model renders to both Warden YAML (CEL)
// and Cedar, so both engines answer the same authorization question.
import { mulberry32 } from "../../src/core/guard/eval/prng.js";
import { stringify } from "yaml";
import type { Call } from "../../src/core/index.js";

export const TOOL_COUNT = 50;
/** Tools the benchmark calls. Each has exactly RULES_PER_CALLED_TOOL indexed rules at every size. */
export const CALLED_TOOLS = ["t00", "t01", "t02"] as const;
export const RULES_PER_CALLED_TOOL = 5;
/** Un-indexed rules: run on every call. Their number is the same at every size. */
export const GLOBAL_RULES = 2;
export const SIZES = [20, 100, 1000] as const;

export type Effect = "allow" | "deny" | "approve";
export type Cond =
  | { k: "gt" | "le"; field: "amount"; n: number }
  | { k: "endsWith" | "notEndsWith" | "startsWith" | "contains"; field: "recipient" | "path" | "note"; s: string }
  | { k: "inList"; field: "region"; values: string[] }
  | { k: "hasRole" | "lacksRole"; role: string }
  | { k: "zone"; zone: string }
  | { k: "noPrincipal" }
  | { k: "principalPrefix"; s: string }
  | { k: "channel"; s: string };

export interface GenRule {
  id: string;
  /** Tools the rule is restricted to; undefined: a global rule. */
  tools: string[] | undefined;
  conds: Cond[];
  effect: Effect;
}

export interface GeneratedPolicy {
  size: number;
  yaml: string;
  rules: GenRule[];
  tiers: Record<string, string>;
  agents: Record<string, { roles: string[]; zone: string }>;
  calls: Call[];
}

/** Deterministic PRNG (mulberry32), so every run benchmarks the same policies and calls. */
export const rng = mulberry32;
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;

export const toolName = (i: number): string => `t${String(i).padStart(2, "0")}`;
const TIERS = ["read_only", "write_limited", "write_broad"] as const;
const REGIONS = ["eu-west-1", "eu-central-1", "us-east-1", "us-west-2", "ap-south-1"];
const DOMAINS = ["@corp.example", "@partner.example", "@evil.example", "@gmail.example"];

/** The five rules every called tool carries: amounts, string functions, roles, zone, principal. */
function calledToolRules(tool: string): GenRule[] {
  return [
    { id: `${tool}-large-amount`, tools: [tool], effect: "approve", conds: [{ k: "gt", field: "amount", n: 5000 }] },
    { id: `${tool}-external-recipient`, tools: [tool], effect: "approve", conds: [{ k: "notEndsWith", field: "recipient", s: "@corp.example" }, { k: "gt", field: "amount", n: 100 }] },
    { id: `${tool}-system-path`, tools: [tool], effect: "deny", conds: [{ k: "startsWith", field: "path", s: "/etc/" }, { k: "lacksRole", role: "admin" }] },
    { id: `${tool}-secret-in-note`, tools: [tool], effect: "deny", conds: [{ k: "contains", field: "note", s: "password" }, { k: "noPrincipal" }] },
    { id: `${tool}-eu-redact`, tools: [tool], effect: "allow", conds: [{ k: "inList", field: "region", values: ["eu-west-1", "eu-central-1"] }, { k: "zone", zone: "write_limited" }] },
  ];
}

function globalRules(): GenRule[] {
  return [
    { id: "g-batch-unattended", tools: undefined, effect: "deny", conds: [{ k: "channel", s: "batch" }, { k: "noPrincipal" }, { k: "gt", field: "amount", n: 50000 }] },
    { id: "g-untrusted-zone", tools: undefined, effect: "deny", conds: [{ k: "zone", zone: "untrusted" }] },
  ];
}

/** A random rule on a tool nobody calls (filler that grows the policy). */
function fillerRule(r: () => number, id: string, tools: string[]): GenRule {
  const n = Math.floor(r() * 20) * 500;
  const pool: Cond[] = [
    { k: "gt", field: "amount", n },
    { k: "le", field: "amount", n },
    { k: "endsWith", field: "recipient", s: pick(r, DOMAINS) },
    { k: "notEndsWith", field: "recipient", s: pick(r, DOMAINS) },
    { k: "startsWith", field: "path", s: pick(r, ["/etc/", "/var/log/", "/home/", "/tmp/"]) },
    { k: "contains", field: "note", s: pick(r, ["refund", "urgent", "token", "invoice"]) },
    { k: "inList", field: "region", values: [pick(r, REGIONS), pick(r, REGIONS)] },
    { k: "hasRole", role: pick(r, ["ops", "admin", "finance"]) },
    { k: "lacksRole", role: pick(r, ["ops", "admin", "finance"]) },
    { k: "zone", zone: pick(r, ["write_limited", "privileged"]) },
    { k: "principalPrefix", s: pick(r, ["user-", "svc-"]) },
    { k: "channel", s: pick(r, ["api", "chat", "batch"]) },
  ];
  const count = 1 + Math.floor(r() * 3);
  const conds: Cond[] = [];
  for (let i = 0; i < count; i++) conds.push(pick(r, pool));
  return { id, tools, effect: pick(r, ["deny", "approve", "allow"] as const), conds };
}

export function generateRules(size: number, seed = 42): GenRule[] {
  const r = rng(seed + size);
  const rules: GenRule[] = [...CALLED_TOOLS.flatMap(calledToolRules), ...globalRules()];
  const others = Array.from({ length: TOOL_COUNT - CALLED_TOOLS.length }, (_, i) => toolName(i + CALLED_TOOLS.length));
  for (let i = 0; rules.length < size; i++) {
    // Mostly one tool; some rules name two (`tool in [...]`), all of them tools nobody calls.
    const tools = r() < 0.85 ? [pick(r, others)] : [pick(r, others), pick(r, others)].filter((t, j, a) => a.indexOf(t) === j);
    rules.push(fillerRule(r, `f${String(i).padStart(4, "0")}`, tools));
  }
  return rules;
}

// ---------- rendering to CEL ----------

const q = (s: string): string => JSON.stringify(s);

export function condToCel(c: Cond): string {
  switch (c.k) {
    case "gt": return `args.${c.field} > ${c.n}`;
    case "le": return `args.${c.field} <= ${c.n}`;
    case "endsWith": return `args.${c.field}.endsWith(${q(c.s)})`;
    case "notEndsWith": return `!args.${c.field}.endsWith(${q(c.s)})`;
    case "startsWith": return `args.${c.field}.startsWith(${q(c.s)})`;
    case "contains": return `args.${c.field}.contains(${q(c.s)})`;
    case "inList": return `args.${c.field} in [${c.values.map(q).join(", ")}]`;
    case "hasRole": return `${q(c.role)} in agent.roles`;
    case "lacksRole": return `!(${q(c.role)} in agent.roles)`;
    case "zone": return `agent.zone == ${q(c.zone)}`;
    case "noPrincipal": return `principal == ""`;
    case "principalPrefix": return `principal.startsWith(${q(c.s)})`;
    case "channel": return `context.channel == ${q(c.s)}`;
  }
}

export function ruleToCel(rule: GenRule): string {
  const scope = rule.tools === undefined ? [] : rule.tools.length === 1 ? [`tool == ${q(rule.tools[0] as string)}`] : [`tool in [${rule.tools.map(q).join(", ")}]`];
  return [...scope, ...rule.conds.map(condToCel)].join(" && ");
}

function thenOf(rule: GenRule): unknown {
  if (rule.effect === "deny") return { deny: `${rule.id} matched` };
  if (rule.effect === "approve") return "approve";
  return { allow: true, redact: ["/account_number"] };
}

const argsSchema = {
  type: "object",
  additionalProperties: false,
  required: ["amount", "recipient", "path", "region", "note"],
  properties: {
    amount: { type: "integer", minimum: 0, maximum: 10000000 },
    recipient: { type: "string", maxLength: 254 },
    path: { type: "string", maxLength: 1024 },
    region: { type: "string", maxLength: 32 },
    note: { type: "string", maxLength: 2000 },
  },
};

export const AGENTS: Record<string, { roles: string[]; zone: string }> = {
  "agent-ops": { roles: ["ops"], zone: "write_limited" },
  "agent-admin": { roles: ["ops", "admin"], zone: "privileged" },
  "agent-fin": { roles: ["finance"], zone: "write_limited" },
};

export function tierOf(i: number): string {
  return i < CALLED_TOOLS.length ? (TIERS[i] as string) : (TIERS[i % TIERS.length] as string);
}

export function renderYaml(rules: GenRule[]): string {
  const tools: Record<string, unknown> = {};
  for (let i = 0; i < TOOL_COUNT; i++) tools[toolName(i)] = { tier: tierOf(i), args: argsSchema };
  const all = Array.from({ length: TOOL_COUNT }, (_, i) => toolName(i));
  const doc = {
    version: 1,
    description: `generated benchmark policy: ${rules.length} rules over ${TOOL_COUNT} tools`,
    approvals: { group: "ops", timeout: "15m" },
    tools,
    tasks: { work: all },
    roles: { ops: { tools: all }, admin: { tools: all }, finance: { tools: all } },
    agents: Object.fromEntries(Object.entries(AGENTS).map(([id, a]) => [id, { tenant: "acme", roles: a.roles, zone: a.zone }])),
    rules: rules.map((r) => ({ id: r.id, when: ruleToCel(r), then: thenOf(r) })),
  };
  return stringify(doc, { lineWidth: 0 });
}

/** A fixed mix: mostly ordinary calls that only pass the grant, some that need approval, some denied. */
export function generateCalls(count = 64, seed = 7): Call[] {
  const r = rng(seed);
  const calls: Call[] = [];
  for (let i = 0; i < count; i++) {
    const kind = r();
    const agent = pick(r, Object.keys(AGENTS));
    const amount = kind < 0.15 ? 6000 + Math.floor(r() * 20000) : Math.floor(r() * 100);
    const recipient = kind > 0.15 && kind < 0.3 ? `ap${i}@partner.example` : `team${i}@corp.example`;
    const path = kind > 0.3 && kind < 0.4 ? `/etc/app/${i}.conf` : `/srv/data/report-${i}.csv`;
    const note = kind > 0.4 && kind < 0.45 ? "reset password for the shared mailbox" : `monthly reconciliation batch ${i}`;
    calls.push({
      agent,
      task: "work",
      principal: kind > 0.4 && kind < 0.5 ? null : `user-${100 + i}`,
      tool: CALLED_TOOLS[i % CALLED_TOOLS.length] as string,
      args: { amount, recipient, path, region: pick(r, REGIONS), note },
      context: { channel: pick(r, ["api", "chat", "batch"]) },
    });
  }
  return calls;
}

export function generatePolicy(size: number): GeneratedPolicy {
  const rules = generateRules(size);
  const tiers: Record<string, string> = {};
  for (let i = 0; i < TOOL_COUNT; i++) tiers[toolName(i)] = tierOf(i);
  return { size, yaml: renderYaml(rules), rules, tiers, agents: AGENTS, calls: generateCalls() };
}
