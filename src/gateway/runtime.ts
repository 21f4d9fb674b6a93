// Everything a running gateway holds, built once at start and passed to the routes.
import { randomUUID } from "node:crypto";
import type { GatewayConfig } from "../config/index.js";
import type { Store } from "../ports/index.js";
import type { AuditLog } from "../audit/index.js";
import type { IdentityRegistry } from "../identity/index.js";
import type { Executor } from "../exec/index.js";
import type { Logger, Metrics, Tracing } from "./observability/index.js";
import type { PolicyHolder } from "./policy-holder.js";
import type { Limiter } from "./limiter.js";
import type { ApprovalHandler, CallHooks } from "./hooks.js";

export interface Runtime {
  config: GatewayConfig;
  policies: PolicyHolder;
  store: Store;
  audit: AuditLog;
  identities: IdentityRegistry;
  executor: Executor;
  metrics: Metrics;
  logger: Logger;
  tracing: Tracing;
  limiter: Limiter;
  /** Epoch ms; injectable so tests control deadlines. */
  now: () => number;
  startedAt: number;
  /** Control hooks, run in order at each stage of every governed call. */
  hooks: CallHooks[];
  /** Approvals (installed by startGateway); a call that needs a human is refused when it is absent. */
  approvals: ApprovalHandler | null;
}

export function newId(prefix: string): string {
  return `${prefix}_${randomUUID().replace(/-/g, "")}`;
}
