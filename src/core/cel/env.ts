// The CEL environment policies are written against. Declared once; the checker and the planner both use it.
import { celEnv, CelScalar, type CelEnv, type CelType } from "@bufbuild/cel";
import { strings } from "@bufbuild/cel/ext";

/** Variables every condition may use. Documented in docs/policy.md#cel. */
export type CelVariable = "tool" | "spec" | "args" | "agent" | "principal" | "session" | "context" | "provenance" | "time";

export const CEL_VARIABLES: Readonly<Record<CelVariable, CelType>> = {
  tool: CelScalar.STRING,
  spec: CelScalar.DYN,
  args: CelScalar.DYN,
  agent: CelScalar.DYN,
  principal: CelScalar.STRING,
  session: CelScalar.DYN,
  context: CelScalar.DYN,
  provenance: CelScalar.DYN,
  time: CelScalar.DYN,
};

// Operators and standard functions of CEL, plus the strings extension. Macros (has, all, exists,
// exists_one, map, filter) are expanded by the parser and never appear as calls.
const OPERATORS = [
  "_&&_", "_||_", "_?_:_", "!_", "-_", "_==_", "_!=_", "_<_", "_<=_", "_>_", "_>=_",
  "_+_", "_-_", "_*_", "_/_", "_%_", "_[_]", "@in", "@not_strictly_false", "_[?_]", "_?._",
];
const STANDARD = [
  "size", "contains", "startsWith", "endsWith", "matches", "int", "uint", "double", "string", "bytes", "bool",
  "type", "dyn", "duration", "timestamp", "getFullYear", "getMonth", "getDayOfYear", "getDayOfMonth", "getDate",
  "getDayOfWeek", "getHours", "getMinutes", "getSeconds", "getMilliseconds",
];

export const CEL_FUNCTIONS: ReadonlySet<string> = new Set([...OPERATORS, ...STANDARD, ...strings.map((f) => f.name)]);

export const POLICY_CEL_ENV: CelEnv = celEnv({ variables: CEL_VARIABLES, funcs: strings });

/** Fact extractors see the call and its output, nothing else. */
export const FACT_VARIABLES: Readonly<Record<string, CelType>> = { tool: CelScalar.STRING, args: CelScalar.DYN, output: CelScalar.DYN };
export const FACT_CEL_ENV: CelEnv = celEnv({ variables: FACT_VARIABLES, funcs: strings });
