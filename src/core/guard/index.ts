// Guardrails: scanners for prompt injection, PII, secrets and unsafe output; one call per checkpoint.
//   const set = compileGuard(policy.guard);            // once, when the policy loads
//   const r = runCheckpoint(set, "post_tool", output);  // per call: findings, action, redacted, labels
export type { Checkpoint, Finding, GuardAction, Scanner, ScanContext, Severity } from "./types.js";
export { CHECKPOINTS, SEVERITIES, ACTIONS, severityRank, actionRank } from "./types.js";
export type { GuardConfig, ScannerConfig, ScannerKind, ActionSpec } from "./config.js";
export { GUARD_POLICY_SCHEMA, GUARD_SCANNER_SCHEMA } from "./schema.js";
export { DEFAULT_GUARD_SCANNERS } from "./defaults.js";
export { compileGuard, validateGuardConfig, type GuardSet, type CompiledScanner } from "./compile.js";
export {
  runCheckpoint,
  type CheckpointResult,
  type ActedFinding,
  type ScanError,
  type RunOptions,
} from "./run.js";
export { redactValue, redactText } from "./redact-value.js";
export { isSecretKey } from "./secret-keys.js";
export { applyRedactions } from "./redact.js";
export { maskValue } from "./mask.js";
export { spotlight, type SpotlightMode, type SpotlightOptions, type Spotlighted } from "./spotlight.js";
export { createInjectionScanner, type InjectionParams, type ScoringScanner } from "./injection/scanner.js";
export { createPiiScanner, type PiiParams } from "./pii/scanner.js";
export { createSecretsScanner, type SecretsParams } from "./secrets/scanner.js";
export { createOutputScanner, type OutputParams } from "./output/scanner.js";
export { createPatternScanner, type PatternParams, type PatternSpec } from "./pattern/scanner.js";
export { compileLinear, type LinearPattern } from "./engine/re2.js";
