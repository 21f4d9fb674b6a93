// Parse, check and plan one CEL expression. Called only when a policy compiles, never per request.
import { parse, plan, isCelError, type CelValue } from "@bufbuild/cel";
import { POLICY_CEL_ENV, CEL_VARIABLES, FACT_CEL_ENV, FACT_VARIABLES, type CelVariable } from "./env.js";
import { checkExpr, type CelProblem } from "./check.js";
import { compileFast, FALLBACK, type Fast } from "./fast.js";

export type CelBindings = { [K in CelVariable]?: unknown } & { output?: unknown };

/** A compiled condition: evaluating it never throws. */
export interface CelProgram {
  source: string;
  /** Top-level variable names the expression reads (used to skip building unused bindings). */
  reads: ReadonlySet<CelVariable>;
  /** Tool names the condition is restricted to by `tool == "x"` / `tool in [...]` conjuncts, if any. */
  tools: readonly string[] | undefined;
  eval(bindings: CelBindings): { value: CelValue } | { error: string };
  /** The fast path over plain values; undefined when the expression needs the interpreter. */
  fast: Fast | undefined;
}

/**
 * Evaluate with the fast path when it can answer, else with the interpreter on CEL values (built lazily,
 * once per decision, by `cel()`).
 */
export function evaluate(p: CelProgram, plain: Record<string, unknown>, cel: () => CelBindings): { value: unknown } | { error: string } {
  if (p.fast) {
    const v = p.fast(plain);
    if (v !== FALLBACK) return { value: v };
  }
  return p.eval(cel());
}

export type CelCompileResult = { ok: true; program: CelProgram } | { ok: false; problems: (CelProblem | { code: "CEL_SYNTAX"; message: string; offset: number })[] };

/** `kind: "facts"` compiles a fact extractor (variables tool, args, output) instead of a condition. */
export function compileCel(source: string, kind: "condition" | "facts" = "condition"): CelCompileResult {
  let parsed;
  try {
    parsed = parse(source);
  } catch (e) {
    const err = e as { location?: { start?: { offset?: number } }; message?: string };
    const message = String(err.message ?? e).replace(/^<input>:\d+:\d+: /, "");
    return { ok: false, problems: [{ code: "CEL_SYNTAX", message, offset: err.location?.start?.offset ?? 0 }] };
  }
  const positions = parsed.sourceInfo?.positions ?? {};
  const problems = checkExpr(parsed.expr, positions as Record<string, number>, Object.keys(kind === "facts" ? FACT_VARIABLES : CEL_VARIABLES));
  if (kind === "facts") problems.splice(0, problems.length, ...problems.filter((p) => p.code !== "CEL_NOT_BOOLEAN"));
  if (problems.length) return { ok: false, problems };
  const run = plan(kind === "facts" ? FACT_CEL_ENV : POLICY_CEL_ENV, parsed);
  const reads = new Set<CelVariable>();
  for (const name of Object.keys(CEL_VARIABLES) as CelVariable[]) {
    if (new RegExp(`(^|[^A-Za-z0-9_.])${name}([^A-Za-z0-9_]|$)`).test(source)) reads.add(name);
  }
  const program: CelProgram = {
    source,
    reads,
    fast: compileFast(parsed.expr, new Set(Object.keys(kind === "facts" ? FACT_VARIABLES : CEL_VARIABLES))),
    tools: toolConstraint(parsed.expr),
    eval(bindings) {
      try {
        const r = run(bindings as never);
        return isCelError(r) ? { error: r.message } : { value: r };
      } catch (e) {
        // INVARIANT: evaluation never throws out of a program; the caller decides how to fail closed.
        return { error: String((e as Error)?.message ?? e) };
      }
    },
  };
  return { ok: true, program };
}

type Expr = ReturnType<typeof parse>["expr"];

/** Tools a condition can match, read from top-level `&&` conjuncts `tool == "x"` or `tool in ["x","y"]`. */
function toolConstraint(e: Expr): string[] | undefined {
  const k = e.exprKind;
  if (k.case !== "callExpr") return undefined;
  const { function: fn, args } = k.value;
  if (fn === "_&&_") {
    const sets = args.map(toolConstraint).filter((s): s is string[] => s !== undefined);
    if (sets.length === 0) return undefined;
    return sets.reduce((a, b) => a.filter((x) => b.includes(x)));
  }
  const isTool = (x: Expr | undefined) => x?.exprKind.case === "identExpr" && x.exprKind.value.name === "tool";
  const str = (x: Expr | undefined) => (x?.exprKind.case === "constExpr" && x.exprKind.value.constantKind.case === "stringValue" ? x.exprKind.value.constantKind.value : undefined);
  if (fn === "_==_" && args.length === 2) {
    const [a, b] = args;
    if (isTool(a) && str(b) !== undefined) return [str(b) as string];
    if (isTool(b) && str(a) !== undefined) return [str(a) as string];
  }
  if (fn === "@in" && args.length === 2 && isTool(args[0]) && args[1]?.exprKind.case === "listExpr") {
    const items = args[1].exprKind.value.elements.map(str);
    if (items.every((x) => x !== undefined)) return items as string[];
  }
  return undefined;
}
