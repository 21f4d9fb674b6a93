// Control: kill switch, circuit breakers, budgets and rate limits, enforced at the gateway (issue 7).
export { ControlPlane, controlOf, installControl, type ControlOptions } from "./plane.js";
export { parseScope, describeScope, type Scope, type ScopeKind, type Target } from "./scope.js";
export type { HaltValue, PauseValue, KillLevel } from "./types.js";
export type { KillReport, KillRequest } from "./kill.js";
export { recordUsage, type UsageInput } from "./usage.js";
export { breakerConfig, DEFAULT_MARKERS } from "./breakers/config.js";
