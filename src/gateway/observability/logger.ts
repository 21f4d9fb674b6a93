// NDJSON logs with stable event names (`session.start`, `tool.decide`, `tool.execute`, ...).
import { pino, type Logger, type DestinationStream } from "pino";

// SECURITY: credential-like fields are censored wherever they appear in a log object.
const REDACT = ["*.authorization", "*.password", "*.token", "*.api_key", "*.secret", "*.cookie", "*.*.authorization", "*.*.password", "*.*.token", "*.*.api_key", "*.*.secret", "headers.authorization", "args.password", "args.token", "args.api_key"];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  // Logs are messages, so they go to stderr; stdout stays for data (the URL and tokens `warden serve` prints).
  return pino({ level, base: { service: "warden" }, timestamp: pino.stdTimeFunctions.isoTime, redact: { paths: REDACT, censor: "[REDACTED]" }, messageKey: "msg" }, destination ?? pino.destination({ fd: 2, sync: false }));
}

export type { Logger };
