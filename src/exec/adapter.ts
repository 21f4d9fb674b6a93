// What every adapter (http, builtin) receives for one attempt, and returns.
import type { ExecRequest } from "./types.js";
import type { LookupFn } from "./egress/resolve.js";
import type { AgentPool } from "./http/agents.js";

export interface AttemptContext {
  req: ExecRequest;
  /** The tool's declared credentials, loaded for this call only. */
  secrets: ReadonlyMap<string, string>;
  /** Strings to mask in the output (the secrets and their encodings). */
  needles: readonly string[];
  maxOutputBytes: number;
  lookup: LookupFn;
  pool: AgentPool;
}

export interface AttemptOutput {
  output: unknown;
  bytes: number;
  masked: number;
  status?: number;
}
