// Compile the `tools` / `credentials` config once, when the executor is created: validate against the
// schema, parse durations, tokenize templates, check every credential reference. A bad config fails here
// (EXEC_INVALID_CONFIG, all problems at once), never at call time.
import { Ajv2020 } from "ajv/dist/2020.js";
import { parseDuration } from "../../core/policy/duration.js";
import { WardenError } from "../../core/errors/index.js";
import { compilePrivatePolicy, type PrivatePolicy } from "../egress/address.js";
import { normalizeHost } from "../egress/allowlist.js";
import { credentialNames, originLength, tokenize } from "../http/template.js";
import type { CompiledHttp } from "../http/adapter.js";
import { lookupBuiltin, type BuiltinFn } from "../builtin/registry.js";
import type { RetryPolicy } from "../retry/backoff.js";
import { EXEC_CONFIG_SCHEMA } from "./schema.js";
import type { Duration, ExecConfig, ToolExecConfig } from "./types.js";

export const DEFAULTS = {
  timeout_ms: 30_000,
  max_output_bytes: 1_048_576,
  max_request_bytes: 1_048_576,
  retries: { max: 2, base_ms: 100, max_delay_ms: 2_000 },
} as const;

export interface CompiledTool {
  name: string;
  http: CompiledHttp | undefined;
  builtin: BuiltinFn | undefined;
  credentials: string[];
  retries: RetryPolicy;
  /** The tool's own timeout, when configured (the executor combines it with the decision's). */
  timeout_ms: number | undefined;
  attempt_timeout_ms: number | undefined;
  max_output_bytes: number;
}

const validate = new Ajv2020({ allErrors: true, strict: false }).compile(EXEC_CONFIG_SCHEMA);

const ms = (d: Duration | undefined): number | undefined => (d === undefined ? undefined : typeof d === "number" ? d : parseDuration(d));

function compileHttp(name: string, t: ToolExecConfig, allowPrivate: PrivatePolicy, problems: string[]): CompiledHttp | undefined {
  const h = t.http;
  if (!h) return undefined;
  const declared = new Set(t.credentials ?? []);
  const cut = originLength(h.url);
  // SECURITY: placeholders may not build the scheme or host: the destination is fixed by the operator.
  if (/[{}]/.test(h.url.slice(0, cut))) problems.push(`tools.${name}.http.url: templates are allowed only in the path and query`);
  let host = "";
  try {
    host = normalizeHost(new URL(h.url.slice(0, cut)).hostname);
  } catch {
    problems.push(`tools.${name}.http.url: "${h.url.slice(0, cut)}" is not a valid URL origin`);
  }
  const url = tokenize(h.url);
  const headers = Object.entries(h.headers ?? {}).map(([k, v]) => [k, tokenize(v)] as [string, ReturnType<typeof tokenize>]);
  for (const [k, toks] of headers)
    if (toks.some((x) => x.kind === "arg")) problems.push(`tools.${name}.http.headers.${k}: args cannot be templated into headers; only \${credential:NAME}`);
  const used = [...credentialNames(url), ...headers.flatMap(([, toks]) => credentialNames(toks))];
  for (const c of used) if (!declared.has(c)) problems.push(`tools.${name}.http: uses credential ${c}, which is not in tools.${name}.credentials`);
  const method = h.method ?? "POST";
  return {
    method,
    url,
    headers,
    credentialHeaders: new Set(headers.filter(([, toks]) => credentialNames(toks).length > 0).map(([k]) => k.toLowerCase())),
    body: h.body ?? (method === "POST" || method === "PUT" || method === "PATCH" ? "args" : "none"),
    hosts: [host, ...(h.egress ?? [])],
    allowPrivate,
    maxRequestBytes: t.max_request_bytes ?? DEFAULTS.max_request_bytes,
  };
}

export function compileExecConfig(config: ExecConfig, builtins: Record<string, BuiltinFn> | undefined): Map<string, CompiledTool> {
  if (!validate(config)) {
    const msgs = (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? "is invalid"}`);
    throw new WardenError("EXEC_INVALID_CONFIG", `invalid tools/credentials config: ${[...new Set(msgs)].join("; ")}`);
  }
  const problems: string[] = [];
  const out = new Map<string, CompiledTool>();
  for (const [name, t] of Object.entries(config.tools ?? {})) {
    for (const c of t.credentials ?? []) if (!config.credentials?.[c]) problems.push(`tools.${name}.credentials: ${c} is not declared under credentials`);
    const ap = compilePrivatePolicy(t.allow_private);
    if (typeof ap === "string") problems.push(`tools.${name}.${ap}`);
    const http = compileHttp(name, t, typeof ap === "string" ? { all: false, cidrs: [], hosts: [] } : ap, problems);
    const builtin = t.builtin === undefined ? undefined : lookupBuiltin(t.builtin, builtins);
    if (t.builtin !== undefined && !builtin) problems.push(`tools.${name}.builtin: no builtin named ${t.builtin} is registered`);
    const r = t.retries ?? {};
    out.set(name, {
      name,
      http,
      builtin,
      credentials: t.credentials ?? [],
      retries: { max: r.max ?? DEFAULTS.retries.max, base_ms: ms(r.base) ?? DEFAULTS.retries.base_ms, max_delay_ms: ms(r.max_delay) ?? DEFAULTS.retries.max_delay_ms },
      timeout_ms: ms(t.timeout),
      attempt_timeout_ms: ms(t.attempt_timeout),
      max_output_bytes: t.max_output_bytes ?? DEFAULTS.max_output_bytes,
    });
  }
  if (problems.length) throw new WardenError("EXEC_INVALID_CONFIG", `invalid tools config: ${problems.join("; ")}`, { details: { problems } });
  return out;
}
