// A fast path for the common shapes of policy conditions: comparisons, string tests, `in`, `has`, `&&`,
// `||`, `!` over plain JSON values. It answers only when every step is unambiguous (matching types, fields
// present); anything else returns FALLBACK and the CEL interpreter decides, so results are the same.
import type { Expr } from "@bufbuild/cel-spec/cel/expr/syntax_pb.js";

export const FALLBACK: unique symbol = Symbol("fallback");
export type Fast = (b: Record<string, unknown>) => unknown;

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const isPrim = (v: unknown): v is string | number | boolean => typeof v === "string" || typeof v === "number" || typeof v === "boolean";

/** Compile an expression to a JS closure, or undefined when it uses something the fast path does not cover. */
export function compileFast(e: Expr, variables: ReadonlySet<string>): Fast | undefined {
  const k = e.exprKind;
  switch (k.case) {
    case "constExpr": {
      const c = k.value.constantKind;
      if (c.case === "stringValue" || c.case === "boolValue" || c.case === "doubleValue") {
        const v = c.value;
        return () => v;
      }
      if (c.case === "int64Value") {
        const v = Number(c.value);
        return () => v;
      }
      return undefined;
    }
    case "identExpr": {
      const name = k.value.name;
      if (!variables.has(name)) return undefined; // comprehension variables and the like
      return (b) => (Object.hasOwn(b, name) ? b[name] : FALLBACK);
    }
    case "selectExpr": {
      const operand = k.value.operand ? compileFast(k.value.operand, variables) : undefined;
      if (!operand) return undefined;
      const field = k.value.field;
      if (k.value.testOnly)
        return (b) => {
          const o = operand(b);
          return isPlainObject(o) ? (Object.hasOwn(o, field) ? (o[field] === null ? FALLBACK : true) : false) : FALLBACK;
        };
      return (b) => {
        const o = operand(b);
        return isPlainObject(o) && Object.hasOwn(o, field) ? o[field] : FALLBACK;
      };
    }
    case "listExpr": {
      const items = k.value.elements.map((x) => compileFast(x, variables));
      if (items.some((x) => x === undefined)) return undefined;
      const fs = items as Fast[];
      return (b) => {
        const out: unknown[] = [];
        for (const f of fs) {
          const v = f(b);
          if (v === FALLBACK) return FALLBACK;
          out.push(v);
        }
        return out;
      };
    }
    case "callExpr":
      return compileCall(k.value.function, k.value.target, k.value.args, variables);
    default:
      return undefined;
  }
}

function compileCall(fn: string, target: Expr | undefined, rawArgs: Expr[], variables: ReadonlySet<string>): Fast | undefined {
  const args = rawArgs.map((a) => compileFast(a, variables));
  if (args.some((a) => a === undefined)) return undefined;
  const [a, b] = args as Fast[];
  const t = target ? compileFast(target, variables) : undefined;
  if (target && !t) return undefined;
  switch (fn) {
    case "_&&_":
      if (!a || !b) return undefined;
      // CEL's && and || absorb errors: `false && x` is false and `true || x` is true whatever x is.
      return (x) => {
        const l = a(x);
        if (l === false) return false;
        const r = b(x);
        if (r === false) return false;
        return l === true && r === true ? true : FALLBACK;
      };
    case "_||_":
      if (!a || !b) return undefined;
      return (x) => {
        const l = a(x);
        if (l === true) return true;
        const r = b(x);
        if (r === true) return true;
        return l === false && r === false ? false : FALLBACK;
      };
    case "!_":
      if (!a) return undefined;
      return (x) => {
        const v = a(x);
        return typeof v === "boolean" ? !v : FALLBACK;
      };
    case "_==_":
    case "_!=_": {
      if (!a || !b) return undefined;
      const neg = fn === "_!=_";
      return (x) => {
        const l = a(x);
        const r = b(x);
        if (!isPrim(l) || typeof l !== typeof r) return FALLBACK;
        return (l === r) !== neg;
      };
    }
    case "_<_":
    case "_<=_":
    case "_>_":
    case "_>=_": {
      if (!a || !b) return undefined;
      return (x) => {
        const l = a(x);
        const r = b(x);
        // Only numbers: CEL orders strings by code point, JS by UTF-16 unit; let the interpreter do those.
        if (typeof l !== "number" || typeof r !== "number" || Number.isNaN(l) || Number.isNaN(r)) return FALLBACK;
        return fn === "_<_" ? l < r : fn === "_<=_" ? l <= r : fn === "_>_" ? l > r : l >= r;
      };
    }
    case "@in":
      if (!a || !b) return undefined;
      return (x) => {
        const l = a(x);
        const r = b(x);
        if (!isPrim(l)) return FALLBACK;
        if (Array.isArray(r)) {
          for (const item of r) if (typeof item !== typeof l) return FALLBACK;
          return r.includes(l);
        }
        // A key holding null is treated differently by the interpreter's maps: let it decide.
        if (isPlainObject(r) && typeof l === "string") return Object.hasOwn(r, l) ? (r[l] === null ? FALLBACK : true) : false;
        return FALLBACK;
      };
    case "startsWith":
    case "endsWith":
    case "contains":
      if (!t || !a || args.length !== 1) return undefined;
      return (x) => {
        const s = t(x);
        const p = a(x);
        if (typeof s !== "string" || typeof p !== "string") return FALLBACK;
        return fn === "startsWith" ? s.startsWith(p) : fn === "endsWith" ? s.endsWith(p) : s.includes(p);
      };
    default:
      return undefined;
  }
}
