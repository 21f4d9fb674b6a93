// Ids of Warden's built-in checks. They appear in decisions exactly like policy rule ids.
export const BUILTIN = {
  grant: "warden.grant",
  unknownTool: "warden.unknown_tool",
  unknownAgent: "warden.unknown_agent",
  unknownTask: "warden.unknown_task",
  notInTask: "warden.not_in_task",
  rbac: "warden.rbac",
  tenant: "warden.tenant",
  sessionMismatch: "warden.session_mismatch",
  sessionInactive: "warden.session_inactive",
  argsSchema: "warden.args_schema",
  tierFloor: "warden.tier_floor",
  budget: "warden.budget",
  conditionError: "warden.condition_error",
  internal: "warden.internal_error",
} as const;
