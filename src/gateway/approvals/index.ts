// The approvals layer of the gateway: the ApprovalHandler, notifications, token keys and routes' helpers.
export { ApprovalService, type ActionResult, type ActionError } from "./service.js";
export { runApproved, type RunResult } from "./run.js";
export { getOutcome, isRecord, recordOf } from "./records.js";
export { listItem } from "./view.js";
export { loadTokenKey, TOKEN_KEY_FILE } from "./keys.js";
