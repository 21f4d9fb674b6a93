// Static checks of a parsed CEL expression against the declared environment. @bufbuild/cel 0.6 does not
// export its type checker, so unknown identifiers and functions are found here by walking the AST.
import type { Expr } from "@bufbuild/cel-spec/cel/expr/syntax_pb.js";
import { CEL_FUNCTIONS, CEL_VARIABLES } from "./env.js";

export interface CelProblem {
  code: "CEL_UNKNOWN_IDENTIFIER" | "CEL_UNKNOWN_FUNCTION" | "CEL_NOT_BOOLEAN";
  message: string;
  /** Offset into the expression text. */
  offset: number;
}

export function checkExpr(root: Expr, positions: Record<string, number>, variables: readonly string[] = Object.keys(CEL_VARIABLES)): CelProblem[] {
  const problems: CelProblem[] = [];
  const declared = new Set<string>(variables);
  const at = (e: Expr): number => positions[String(e.id)] ?? 0;

  const walk = (e: Expr | undefined, scope: ReadonlySet<string>): void => {
    if (!e) return;
    const k = e.exprKind;
    switch (k.case) {
      case "identExpr":
        if (!scope.has(k.value.name) && !declared.has(k.value.name)) {
          problems.push({ code: "CEL_UNKNOWN_IDENTIFIER", message: `unknown variable \`${k.value.name}\` (available: ${[...declared].join(", ")})`, offset: at(e) });
        }
        return;
      case "selectExpr":
        walk(k.value.operand, scope);
        return;
      case "callExpr":
        if (!CEL_FUNCTIONS.has(k.value.function)) {
          problems.push({ code: "CEL_UNKNOWN_FUNCTION", message: `unknown function \`${k.value.function}\``, offset: at(e) });
        }
        walk(k.value.target, scope);
        for (const a of k.value.args) walk(a, scope);
        return;
      case "listExpr":
        for (const el of k.value.elements) walk(el, scope);
        return;
      case "structExpr":
        for (const en of k.value.entries) {
          if (en.keyKind.case === "mapKey") walk(en.keyKind.value, scope);
          walk(en.value, scope);
        }
        return;
      case "comprehensionExpr": {
        const c = k.value;
        walk(c.iterRange, scope);
        walk(c.accuInit, scope);
        const inner = new Set(scope);
        inner.add(c.iterVar);
        if (c.iterVar2) inner.add(c.iterVar2);
        inner.add(c.accuVar);
        walk(c.loopCondition, inner);
        walk(c.loopStep, inner);
        walk(c.result, new Set([...scope, c.accuVar]));
        return;
      }
      default:
        return;
    }
  };
  walk(root, new Set());
  if (root.exprKind.case === "constExpr" && root.exprKind.value.constantKind.case !== "boolValue") {
    problems.push({ code: "CEL_NOT_BOOLEAN", message: "a condition must be a boolean expression", offset: at(root) });
  }
  return problems;
}
