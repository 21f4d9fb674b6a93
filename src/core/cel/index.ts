export { compileCel, evaluate, type CelProgram, type CelBindings, type CelCompileResult } from "./compile.js";
export { CEL_VARIABLES, CEL_FUNCTIONS, type CelVariable } from "./env.js";
export { toPlain, toCelValue } from "./values.js";
