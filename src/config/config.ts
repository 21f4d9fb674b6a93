// Load and validate warden.yaml. Errors are located (file:line:col) like policy errors; `${env:NAME}` in a
// string is replaced from the environment so secrets stay out of the file.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import { locate, parseSource, pointerToPath, type Diagnostic } from "../core/policy/index.js";
import { parseDuration } from "../core/policy/index.js";
import { CONFIG_SCHEMA } from "./schema.js";
import { approvalsConfig, type ApprovalsConfig } from "../approvals/config.js";

export interface GatewayConfig {
  host: string;
  port: number;
  dataDir: string;
  policyFile: string;
  demo: boolean;
  durability: "strict" | "group";
  bodyBytes: number;
  requestTimeoutMs: number;
  concurrency: { global: number; perAgent: number };
  logLevel: string;
  metrics: boolean;
  otlp: { endpoint: string; headers: Record<string, string> } | null;
  tools: Record<string, unknown>;
  credentials: Record<string, unknown>;
  /** Kill switch and breakers at run time. */
  control: { alertWebhook: string | null; pollMs: number; gracefulDeadlineMs: number };
  /** Human approvals (groups, webhooks, escalation, decay, batching); defaults when absent. */
  approvals: ApprovalsConfig;
  /** The file it came from, or null for the built-in default. */
  file: string | null;
  /** The environment the configuration was resolved against; credentials `{env: NAME}` are read from it. */
  env: NodeJS.ProcessEnv;
}

/** The bundled example policy (resolved from the installed package, so `warden serve` works anywhere). */
export const DEFAULT_POLICY = resolve(dirname(fileURLToPath(import.meta.url)), "../../examples/finance/policy.yaml");

export type ConfigResult = { ok: true; config: GatewayConfig } | { ok: false; diagnostics: Diagnostic[] };

const validator = () => new Ajv2020({ allErrors: true, strict: false }).compile(CONFIG_SCHEMA);

function substituteEnv(v: unknown, env: NodeJS.ProcessEnv, missing: string[]): unknown {
  if (typeof v === "string")
    return v.replace(/\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
      const val = env[name];
      if (val === undefined) missing.push(name);
      return val ?? "";
    });
  if (Array.isArray(v)) return v.map((x) => substituteEnv(x, env, missing));
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, substituteEnv(x, env, missing)]));
  return v;
}

export function loadConfig(file: string | null, env: NodeJS.ProcessEnv = process.env): ConfigResult {
  let raw: Record<string, unknown> = {};
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (e) {
      return { ok: false, diagnostics: [{ code: "CONFIG_INVALID", message: `cannot read config: ${(e as Error).message}`, file, line: 1, col: 1 }] };
    }
    const { source, diagnostics } = parseSource(file, text);
    if (diagnostics.length) return { ok: false, diagnostics: diagnostics.map((d) => ({ ...d, code: "CONFIG_INVALID" })) };
    const v = validator();
    if (source.value !== null && source.value !== undefined && !v(source.value)) {
      return {
        ok: false,
        diagnostics: (v.errors ?? []).map((e) => {
          const extra = e.keyword === "additionalProperties" ? String((e.params as { additionalProperty: string }).additionalProperty) : undefined;
          const path = [...pointerToPath(e.instancePath), ...(extra ? [extra] : [])];
          const pos = locate(source, path, extra !== undefined);
          return { code: "CONFIG_INVALID", message: extra ? `unknown key \`${extra}\`` : `${path.join(".") || "the document"} ${e.message}`, file, line: pos.line, col: pos.col };
        }),
      };
    }
    const missing: string[] = [];
    raw = (substituteEnv(source.value ?? {}, env, missing) ?? {}) as Record<string, unknown>;
    if (missing.length) return { ok: false, diagnostics: [{ code: "CONFIG_INVALID", message: `environment variable(s) not set: ${[...new Set(missing)].join(", ")}`, file, line: 1, col: 1 }] };
  }
  const base = file ? dirname(resolve(file)) : process.cwd();
  const get = <T>(o: unknown, k: string): T | undefined => (o && typeof o === "object" ? ((o as Record<string, unknown>)[k] as T) : undefined);
  const limits = get<Record<string, unknown>>(raw, "limits");
  const telemetry = get<Record<string, unknown>>(raw, "telemetry");
  const tools = get<Record<string, unknown>>(raw, "tools") ?? {};
  const policy = env["WARDEN_POLICY"] ?? get<string>(raw, "policy");
  const config: GatewayConfig = {
    host: env["WARDEN_HOST"] ?? get<string>(raw, "host") ?? "127.0.0.1",
    port: Number(env["WARDEN_PORT"] ?? get<number>(raw, "port") ?? 8787),
    dataDir: env["WARDEN_DATA"] ?? (get<string>(raw, "data") ? resolve(base, get<string>(raw, "data") as string) : ".warden"),
    policyFile: policy ? resolve(base, policy) : DEFAULT_POLICY,
    demo: get<boolean>(raw, "demo") ?? Object.keys(tools).length === 0,
    durability: get<"strict" | "group">(get(raw, "audit"), "durability") ?? "group",
    bodyBytes: get<number>(limits, "body_bytes") ?? 1024 * 1024,
    requestTimeoutMs: parseDuration(get<string>(limits, "request_timeout") ?? "60s") ?? 60_000,
    concurrency: { global: get<number>(get(limits, "concurrency"), "global") ?? 256, perAgent: get<number>(get(limits, "concurrency"), "per_agent") ?? 32 },
    logLevel: env["WARDEN_LOG_LEVEL"] ?? get<string>(telemetry, "log_level") ?? "info",
    metrics: get<boolean>(telemetry, "metrics") ?? true,
    otlp: env["WARDEN_OTLP_ENDPOINT"] ? { endpoint: env["WARDEN_OTLP_ENDPOINT"], headers: {} } : (get<GatewayConfig["otlp"]>(telemetry, "otlp") ?? null),
    tools,
    credentials: get<Record<string, unknown>>(raw, "credentials") ?? {},
    control: {
      alertWebhook: env["WARDEN_ALERT_WEBHOOK"] ?? get<string>(get(raw, "control"), "alert_webhook") ?? null,
      pollMs: parseDuration(get<string>(get(raw, "control"), "poll") ?? "25ms") ?? 25,
      gracefulDeadlineMs: parseDuration(get<string>(get(raw, "control"), "graceful_deadline") ?? "30s") ?? 30_000,
    },
    approvals: approvalsConfig(get(raw, "approvals")),
    file,
    env,
  };
  if (!Number.isInteger(config.port) || config.port < 0 || config.port > 65535) return { ok: false, diagnostics: [{ code: "CONFIG_INVALID", message: `port must be 0–65535 (got ${config.port})`, file: file ?? "<env>", line: 1, col: 1 }] };
  return { ok: true, config };
}
