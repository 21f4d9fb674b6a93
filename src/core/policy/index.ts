export { compilePolicy, type CompileResult, type CompileOptions } from "./compile.js";
export { formatDiagnostic, type Diagnostic } from "./diagnostic.js";
export { parseDuration, parseRate, type Rate } from "./duration.js";
export { POLICY_SCHEMA } from "./schema.js";
export type * from "./document.js";
export type * from "./policy-set.js";
export { parseSource, locate, type PolicySource } from "./source.js";
export { pointerToPath } from "./validate-shape.js";
export { sortDiagnostics } from "./diagnostic.js";
