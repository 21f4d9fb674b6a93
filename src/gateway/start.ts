// Build a running gateway from configuration: store and audit log, policy, identities, executor,
// telemetry. Nothing here listens on a port (node.ts does).
import type { GatewayConfig } from "../config/index.js";
import { openAudit, type OpenedAudit } from "../audit/index.js";
import { gatewayRedactor } from "./audit-redactor.js";
import { IdentityRegistry } from "../identity/index.js";
import { createConfigSecretProvider, createExecutor, createFinanceDemo, financeDemoExecConfig, type ExecConfig, type FinanceDemo } from "../exec/index.js";
import { WardenError } from "../core/errors/index.js";
import { createApp } from "./app.js";
import { installControl } from "../control/index.js";
import { Limiter } from "./limiter.js";
import { createLogger, createMetrics, createTracing, type Logger } from "./observability/index.js";
import { expireDue } from "./pipeline/approvals.js";
import { PolicyHolder } from "./policy-holder.js";
import type { Runtime } from "./runtime.js";
import { ApprovalService } from "./approvals/index.js";

export interface Gateway {
  app: ReturnType<typeof createApp>;
  runtime: Runtime;
  audit: OpenedAudit;
  /** The offline demo's state, when the demo tools are on. */
  demo: FinanceDemo | null;
  close(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  now?: () => number;
  /** Watch the policy file and reload on change (default true). */
  watchPolicy?: boolean;
  /** Expire due approvals every N ms (default 1000; 0 disables, tests drive it). */
  sweepMs?: number;
  /** Options for the executor (tests inject DNS lookups). */
  exec?: Parameters<typeof createExecutor>[1];
}

export async function startGateway(config: GatewayConfig, opts: StartOptions = {}): Promise<Gateway> {
  const logger = opts.logger ?? createLogger(config.logLevel);
  const holder = PolicyHolder.load(config.policyFile, (event, data) => logger[event.endsWith("refused") ? "error" : "info"]({ event, ...data }, event));
  // Fail closed: a gateway never starts without a valid policy.
  if (!holder.ok) throw new WardenError("POLICY_FILE_UNREADABLE", `the policy ${config.policyFile} is invalid, so the gateway did not start:\n${holder.errors.join("\n")}`);
  const audit = await openAudit(config.dataDir, { durability: config.durability, redactor: gatewayRedactor });
  const demo = config.demo ? createFinanceDemo() : null;
  const execConfig: ExecConfig = demo ? { ...financeDemoExecConfig(), credentials: config.credentials as ExecConfig["credentials"] } : ({ tools: config.tools, credentials: config.credentials } as unknown as ExecConfig);
  if (demo) for (const [k, v] of Object.entries(config.tools)) (execConfig.tools as Record<string, unknown>)[k] = v;
  // SECURITY: credential values are read from the environment only when a call needs them, never logged.
  const secrets = opts.exec?.secrets ?? createConfigSecretProvider((execConfig.credentials ?? {}) as Parameters<typeof createConfigSecretProvider>[0], { env: config.env });
  const executor = createExecutor(execConfig, { ...(opts.exec ?? {}), secrets, builtins: { ...(demo?.builtins ?? {}), ...(opts.exec?.builtins ?? {}) } });
  const tracing = createTracing(config.otlp);
  const runtime: Runtime = {
    config,
    policies: holder.holder,
    store: audit.store,
    audit: audit.log,
    identities: new IdentityRegistry(audit.store.control, opts.now),
    executor,
    metrics: createMetrics(),
    logger,
    tracing,
    limiter: new Limiter(config.concurrency.global, config.concurrency.perAgent),
    now: opts.now ?? Date.now,
    startedAt: Date.now(),
    hooks: [],
    approvals: null,
  };
  const approvals = new ApprovalService(runtime);
  runtime.approvals = approvals;
  // Kill switch, breakers, budgets and rate limits: before any route can serve a call.
  const control = await installControl(runtime, { alertWebhook: config.control.alertWebhook, pollMs: config.control.pollMs, gracefulDeadlineMs: config.control.gracefulDeadlineMs });
  if (opts.watchPolicy !== false) holder.holder.watch();
  const sweepMs = opts.sweepMs ?? 1000;
  const sweeper = sweepMs > 0 ? setInterval(() => void expireDue(runtime).catch((e) => logger.error({ event: "approval.sweep_failed", err: String(e) }, "sweep failed")), sweepMs) : null;
  sweeper?.unref();
  // Expired budget reservations and idempotency keys are forgotten once a minute, so the store does not
  // grow with every call.
  const compactor = sweepMs > 0 ? setInterval(() => void compactStore(runtime).catch((e) => logger.error({ event: "store.compact_failed", err: String(e) }, "compaction failed")), 60_000) : null;
  compactor?.unref();
  const missing = [...holder.holder.policy.tools.keys()].filter((t) => !executor.has(t));
  if (missing.length) logger.warn({ event: "exec.unconfigured", tools: missing }, "tools declared in the policy have no execution adapter; allowed calls to them fail with EXEC_NO_ADAPTER");
  return {
    app: createApp(runtime),
    runtime,
    audit,
    demo,
    close: async () => {
      if (sweeper) clearInterval(sweeper);
      if (compactor) clearInterval(compactor);
      await control.close();
      approvals.notifier.close();
      holder.holder.close();
      await executor.close();
      await tracing.shutdown();
      await audit.close();
    },
  };
}

async function compactStore(rt: Runtime): Promise<void> {
  const now = rt.now();
  const reservations = await rt.store.counters.compact(now);
  const keys = await rt.store.idempotency.compact(now);
  if (reservations || keys) rt.logger.debug({ event: "store.compacted", reservations, idempotency_keys: keys }, "compacted");
}
