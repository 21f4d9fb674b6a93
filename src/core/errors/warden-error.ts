import { ERROR_CODES, type ErrorCode } from "./codes.js";

export interface SourceLocation {
  file: string;
  line: number;
  col: number;
}

/** A typed error with a stable code. HTTP status and exit codes are mapped only at the edge. */
export class WardenError extends Error {
  readonly code: ErrorCode;
  readonly location: SourceLocation | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, opts: { location?: SourceLocation; details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = "WardenError";
    this.code = code;
    this.location = opts.location;
    this.details = opts.details;
  }

  /** `file:line:col: CODE message`, the format every policy diagnostic uses. */
  format(): string {
    const loc = this.location ? `${this.location.file}:${this.location.line}:${this.location.col}: ` : "";
    return `${loc}${this.code} ${this.message}`;
  }

  toJSON(): Record<string, unknown> {
    return { code: this.code, message: this.message, ...(this.location ? { location: this.location } : {}), ...(this.details ? { details: this.details } : {}) };
  }
}

export function isWardenError(e: unknown): e is WardenError {
  return e instanceof WardenError;
}

export function describeCode(code: ErrorCode): string {
  return ERROR_CODES[code].summary;
}
