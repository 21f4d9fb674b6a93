// Codes of the control layer (src/control): kill switch, breakers, budgets, rate limits.
export const CONTROL_CODES = {
  CONTROL_HALTED: { summary: "The session, agent, tenant or whole gateway is halted by the kill switch; nothing runs until an operator resumes it." },
  CONTROL_AGENT_PAUSED: { summary: "A circuit breaker paused the agent (rate spike, failures, data volume, pending approvals); an operator must review and resume it." },
  CONTROL_BREAKER_OPEN: { summary: "The tool's or upstream's circuit is open after repeated failures; the call fails fast. Retry after the given delay." },
  CONTROL_BUDGET_EXCEEDED: { summary: "The call would exceed a session, agent or tenant budget (tool calls, cost, tokens, an argument meter); it did not run." },
  CONTROL_RATE_LIMITED: { summary: "A rate limit (per tool, per session, agent or tenant) is used up; retry after the given delay." },
  CONTROL_NOT_HALTED: { summary: "A resume named a scope that is not halted or paused." },
} as const;
