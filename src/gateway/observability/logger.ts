// NDJSON logs with stable event names (`session.start`, `tool.decide`, `tool.execute`, ...).
import { pino, type Logger, type DestinationStream } from "pino";
import { isCredentialKey, REDACTED } from "../../audit/redactor.js";

// SECURITY: values under credential-like keys are censored wherever they appear in a log object, at any
// depth up to MAX_DEPTH (pino's `redact` option covered the same names at depths 2 and 3 only).
// This replaces pino's `redact`, which copied every log object through its path matcher and cost ~35 µs
// per line, two lines per governed call; this walk only copies the objects on the way to a hit.
// The key names are the audit redactor's (`isCredentialKey`): one vocabulary of credential keys, so a
// name masked in the audit log (access_token, client_secret, x-api-key…) is masked in the logs too.
// The walk stays separate because it must leave class instances (errors) to pino's serializers.
const MAX_DEPTH = 6;

/** `v` with sensitive keys censored; the same object when nothing matched (never mutates `v`). */
export function censor(v: unknown, depth = 0): unknown {
  if (v === null || typeof v !== "object" || depth > MAX_DEPTH) return v;
  if (Array.isArray(v)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < v.length; i++) {
      const c = censor(v[i], depth + 1);
      if (c !== v[i]) (out ??= v.slice())[i] = c;
    }
    return out ?? v;
  }
  // Errors and other class instances are left to pino's serializers (err → type, message, stack).
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto !== Object.prototype && proto !== null) return v;
  const o = v as Record<string, unknown>;
  let out: Record<string, unknown> | null = null;
  for (const k in o) {
    const cur = o[k];
    const next = isCredentialKey(k) && cur !== undefined ? REDACTED : censor(cur, depth + 1);
    if (next !== cur) (out ??= { ...o })[k] = next;
  }
  return out ?? o;
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  // Logs are messages, so they go to stderr; stdout stays for data (the URL and tokens `warden serve` prints).
  const logger = pino(
    { level, base: { service: "warden" }, timestamp: pino.stdTimeFunctions.isoTime, formatters: { log: (o) => censor(o) as Record<string, unknown> }, messageKey: "msg" },
    destination ?? pino.destination({ fd: 2, sync: false }),
  );
  // pino does not pass child bindings through formatters.log: censor them on the way in. Children inherit
  // this method, so grandchildren are covered too.
  const child = logger.child;
  logger.child = function (this: Logger, bindings: Record<string, unknown>, options?: Parameters<Logger["child"]>[1]) {
    return child.call(this, censor(bindings) as Record<string, unknown>, options);
  } as Logger["child"];
  return logger;
}

export type { Logger };
