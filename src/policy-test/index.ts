export { findTestFiles, runTestFile, type CaseResult } from "./run.js";
export { parseTime, DEFAULT_NOW } from "./time.js";
export { sessionFromSpec } from "./session-spec.js";
