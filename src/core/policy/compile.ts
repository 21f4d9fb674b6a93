// compile(): policy text → immutable PolicySet, or every located diagnostic at once. Runs once per load.
import { isCelList, isCelMap } from "@bufbuild/cel";
import { compileCel, toCelValue, type CelProgram } from "../cel/index.js";
import type { Diagnostic } from "./diagnostic.js";
import { sortDiagnostics } from "./diagnostic.js";
import type { PolicyDocument, LimitsSpec } from "./document.js";
import { parseDuration, parseRate, type Rate } from "./duration.js";
import { compileEffect, type ApprovalDefaults } from "./effects.js";
import { celLocation } from "./cel-location.js";
import { checkReferences } from "./references.js";
import { compileTools } from "./compile-tools.js";
import type { CompiledAgent, CompiledFlow, CompiledLimits, CompiledRule, CompiledSequence, PolicySet } from "./policy-set.js";
import { locate, parseSource, type PolicySource } from "./source.js";
import { compileGuard, type GuardConfig, type GuardSet } from "../guard/index.js";
import { isWardenError } from "../errors/index.js";
import { validateShape } from "./validate-shape.js";

export type CompileResult = { ok: true; policy: PolicySet; diagnostics: [] } | { ok: false; diagnostics: Diagnostic[] };

export interface CompileOptions {
  /** File name used in diagnostics. */
  file?: string;
  /** Content hash computed by the loader; recorded with decisions. */
  version?: string;
}

export function compilePolicy(text: string, opts: CompileOptions = {}): CompileResult {
  const file = opts.file ?? "<policy>";
  const { source, diagnostics } = parseSource(file, text);
  if (diagnostics.length) return { ok: false, diagnostics };
  const diags = validateShape(source);
  if (diags.some((d) => d.code === "POLICY_NOT_A_MAPPING")) return { ok: false, diagnostics: diags };
  diags.push(...checkReferences(source));
  // Shape errors make the document untrustworthy to compile further, but CEL is still checked so that
  // every problem is reported in one pass.
  const celPrograms = compileAllCel(source, diags);
  if (diags.length) return { ok: false, diagnostics: sortDiagnostics(diags) };
  const doc = source.value as PolicyDocument;
  const tools = compileTools(source, doc, diags);
  const guard = compileGuardSection(source, doc, diags);
  if (diags.length || !guard) return { ok: false, diagnostics: sortDiagnostics(diags) };
  return { ok: true, diagnostics: [], policy: assemble(source, doc, tools, celPrograms, opts.version ?? "unversioned", guard) };
}

type CelTable = Map<string, CelProgram>;
const key = (path: (string | number)[]) => path.join("\u0000");

function compileAllCel(src: PolicySource, diags: Diagnostic[]): CelTable {
  const table: CelTable = new Map();
  const doc = src.value as Record<string, unknown>;
  const one = (expr: unknown, path: (string | number)[], kind: "condition" | "facts" = "condition") => {
    if (typeof expr !== "string") return;
    const r = compileCel(expr, kind);
    if (r.ok) table.set(key(path), r.program);
    else
      for (const p of r.problems) {
        const loc = celLocation(src, path, p.offset);
        diags.push({ code: p.code, message: `${path.join(".")}: ${p.message}`, file: src.file, line: loc.line, col: loc.col });
      }
  };
  const list = (name: string, field: string) => {
    const l = doc[name];
    if (Array.isArray(l)) l.forEach((item, i) => one((item as Record<string, unknown>)?.[field], [name, i, field]));
  };
  list("rules", "when");
  list("flows", "unless");
  const meters = doc["meters"];
  if (meters && typeof meters === "object") for (const [m, spec] of Object.entries(meters)) one((spec as Record<string, unknown>)?.["value"], ["meters", m, "value"]);
  const tools = doc["tools"];
  if (tools && typeof tools === "object")
    for (const [t, spec] of Object.entries(tools)) {
      const facts = (spec as Record<string, unknown>)?.["facts"];
      if (facts && typeof facts === "object")
        for (const [f, fs] of Object.entries(facts)) {
          one((fs as Record<string, unknown>)?.["key"], ["tools", t, "facts", f, "key"], "facts");
          one((fs as Record<string, unknown>)?.["value"], ["tools", t, "facts", f, "value"], "facts");
        }
    }
  return table;
}

function limits(l: LimitsSpec | undefined): CompiledLimits | undefined {
  if (!l) return undefined;
  const out: CompiledLimits = { meters: { ...(l.meters ?? {}) } };
  if (l.tool_calls !== undefined) out.tool_calls = l.tool_calls;
  if (l.cost_usd !== undefined) out.cost_usd = l.cost_usd;
  if (l.tokens !== undefined) out.tokens = l.tokens;
  if (l.wall_time !== undefined) out.wall_time_ms = parseDuration(l.wall_time);
  return out;
}

/** The scanner set, compiled once with the policy; its errors are located at the `guard` key. */
function compileGuardSection(src: PolicySource, doc: PolicyDocument, diags: Diagnostic[]): GuardSet | undefined {
  try {
    const g = compileGuard((doc.guard ?? null) as GuardConfig | null);
    // Scanners keep compiled engines (RE2, weights); they are not plain data to freeze.
    guardSets.add(g);
    return g;
  } catch (e) {
    const pos = locate(src, ["guard"], true);
    const code = isWardenError(e) ? e.code : "GUARD_INVALID_CONFIG";
    diags.push({ code, message: `guard: ${(e as Error).message}`, file: src.file, line: pos.line, col: pos.col });
    return undefined;
  }
}

function assemble(src: PolicySource, doc: PolicyDocument, tools: ReturnType<typeof compileTools>, cel: CelTable, version: string, guard: GuardSet): PolicySet {
  const defaults: ApprovalDefaults = {
    group: doc.approvals?.group ?? "approvers",
    timeout_ms: (doc.approvals?.timeout && parseDuration(doc.approvals.timeout)) || 15 * 60_000,
  };
  const allTools = [...tools.keys()];
  const expand = (list: string[]) => (list.includes("*") ? allTools : list);
  const rules: CompiledRule[] = (doc.rules ?? []).map((r, index) => {
    const when = cel.get(key(["rules", index, "when"])) as CompiledRule["when"];
    return { id: r.id, index, description: r.description, when, risk: r.risk, effect: compileEffect(r.then, defaults, r.description ?? `rule ${r.id} matched`) };
  });
  const globalRules: CompiledRule[] = [];
  // INVARIANT: a rule is indexed under a tool only if its condition cannot match any other tool, so
  // evaluating just the called tool's rules (plus global ones) gives the same answer as evaluating all.
  for (const [i, rule] of rules.entries()) {
    const declared = doc.rules?.[i]?.tools;
    const inferred = rule.when.tools;
    let scope = declared ? expand(declared) : inferred;
    if (declared && inferred) scope = scope?.filter((t) => inferred.includes(t));
    if (!scope) globalRules.push(rule);
    else for (const t of scope) tools.get(t)?.rules.push(rule);
  }
  for (const [name, m] of Object.entries(doc.meters ?? {})) {
    const value = cel.get(key(["meters", name, "value"])) as CelProgram;
    for (const t of m.tools ? expand(m.tools) : allTools) tools.get(t)?.meters.push({ name, value });
  }
  for (const [t, spec] of Object.entries(doc.tools))
    for (const [name, f] of Object.entries(spec.facts ?? {}))
      tools.get(t)?.facts.push({ name, key: f.key ? cel.get(key(["tools", t, "facts", name, "key"])) : undefined, value: cel.get(key(["tools", t, "facts", name, "value"])) as CelProgram });
  const flows: CompiledFlow[] = (doc.flows ?? []).map((f, index) => ({
    id: f.id,
    index: rules.length + index,
    labels: f.when_session_has,
    sinks: f.sinks ?? (f.tools ? "any" : "external"),
    tools: f.tools ? new Set(expand(f.tools)) : undefined,
    unless: f.unless ? cel.get(key(["flows", index, "unless"])) : undefined,
    effect: compileEffect(f.then, defaults, f.description ?? `session has seen ${f.when_session_has.join(" + ")}; flow ${f.id} forbids this sink`),
  }));
  const sequences: CompiledSequence[] = (doc.sequences ?? []).map((s, index) => ({
    id: s.id,
    index: rules.length + flows.length + index,
    steps: s.steps,
    within_ms: s.within ? parseDuration(s.within) : undefined,
    effect: compileEffect(s.then, defaults, s.description ?? `dangerous sequence ${s.steps.join(" → ")}`),
  }));
  // Bindings are built only for variables some applicable condition reads.
  for (const t of tools.values()) {
    const programs = [...t.rules.map((r) => r.when), ...globalRules.map((r) => r.when), ...flows.flatMap((f) => (f.unless ? [f.unless] : [])), ...t.meters.map((m) => m.value)];
    for (const p of programs) for (const v of p.reads) t.reads.add(v);
  }
  const agents = new Map<string, CompiledAgent>();
  for (const [id, a] of Object.entries(doc.agents ?? {})) {
    const allowed = new Set<string>();
    for (const r of a.roles) for (const t of expand(doc.roles?.[r]?.tools ?? [])) allowed.add(t);
    agents.set(id, { id, tenant: a.tenant, roles: a.roles, zone: a.zone, tools: allowed, celAgent: toCelValue({ id, tenant: a.tenant, roles: a.roles, zone: a.zone ?? "" }) as Record<string, unknown>, plainAgent: { id, tenant: a.tenant, roles: a.roles, zone: a.zone ?? "" } });
  }
  const rateLimits = new Map<string, Rate & { per: "session" | "agent" | "tenant" }>();
  for (const [tool, spec] of Object.entries(doc.rate_limits ?? {})) {
    const text = typeof spec === "string" ? spec : spec.limit;
    const rate = parseRate(text) as Rate;
    rateLimits.set(tool, { ...rate, per: typeof spec === "string" ? "agent" : (spec.per ?? "agent") });
  }
  const budgets: PolicySet["budgets"] = {};
  const b = doc.budgets ?? {};
  for (const scope of ["session", "agent", "tenant"] as const) {
    const l = limits(b[scope]);
    if (l) budgets[scope] = l;
  }
  return deepFreeze({
    version,
    source: src.text,
    document: doc,
    tools,
    tasks: new Map(Object.entries(doc.tasks ?? {}).map(([t, list]) => [t, new Set(expand(list))])),
    agents,
    globalRules,
    rules,
    flows,
    sequences,
    budgets,
    rateLimits,
    defaultApproval: defaults,
    guard,
  });
}

const guardSets = new WeakSet<object>();
const isGuardSet = (v: unknown) => typeof v === "object" && v !== null && guardSets.has(v);

// INVARIANT: a PolicySet is immutable; a reload builds a new one and swaps the reference.
// (CEL values are left alone: the library caches inside them.)
function deepFreeze<T>(v: T): T {
  if (v && typeof v === "object" && !Object.isFrozen(v) && !(v instanceof Map) && !(v instanceof Set) && !isCelMap(v as never) && !isCelList(v as never) && !isGuardSet(v) && typeof v !== "function") {
    Object.freeze(v);
    for (const x of Object.values(v as object)) deepFreeze(x);
  }
  return v;
}
