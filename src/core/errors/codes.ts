// The one registry of stable error codes. Each layer keeps its codes in its own file under ./codes/;
// every code must have a heading in docs/errors.md (test/errors-documented.test.ts fails otherwise).
import { POLICY_CODES } from "./codes/policy.js";
import { CEL_CODES } from "./codes/cel.js";
import { CLI_CODES } from "./codes/cli.js";
import { REPLAY_CODES } from "./codes/replay.js";
import { GATEWAY_CODES } from "./codes/gateway.js";
import { STORE_CODES } from "./codes/store.js";
import { AUDIT_CODES } from "./codes/audit.js";
import { GUARD_CODES } from "./codes/guard.js";
import { EXEC_CODES } from "./codes/exec.js";
import { CONTROL_CODES } from "./codes/control.js";
import { APPROVAL_CODES } from "./codes/approvals.js";

export interface CodeInfo {
  summary: string;
}

export const ERROR_CODES = {
  ...POLICY_CODES,
  ...CEL_CODES,
  ...CLI_CODES,
  ...REPLAY_CODES,
  ...GATEWAY_CODES,
  ...STORE_CODES,
  ...AUDIT_CODES,
  ...GUARD_CODES,
  ...EXEC_CODES,
  ...CONTROL_CODES,
  ...APPROVAL_CODES,
} as const satisfies Record<string, CodeInfo>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(s: string): s is ErrorCode {
  return Object.prototype.hasOwnProperty.call(ERROR_CODES, s);
}
