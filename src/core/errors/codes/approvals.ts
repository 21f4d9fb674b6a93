// Human approvals: refusals of a call that needs a human, of an approver's action, and of an approval token.
export const APPROVAL_CODES = {
  APPROVAL_REASONING_REQUIRED: { summary: "A call that needs a human approval was sent without `reasoning`; it did not run." },
  APPROVAL_IN_REPLY_TO_INVALID: { summary: "`in_reply_to` names no approval of this session that asked the agent to explain." },
  APPROVAL_NOT_PENDING: { summary: "The approval is no longer pending (already approved, denied, expired or cancelled)." },
  APPROVAL_SELF: { summary: "The principal who asked for the call cannot approve it." },
  APPROVAL_ALREADY_VOTED: { summary: "This person already approved; a two-person approval needs someone else." },
  APPROVAL_NOT_IN_GROUP: { summary: "The person is not in a group this approval names (configuration `approvals.groups`)." },
  APPROVAL_DENIED: { summary: "An approver denied the call; the reason is returned to the agent." },
  APPROVAL_EXPLAIN_REQUESTED: { summary: "An approver asked the agent to explain; the call did not run and may be resubmitted with `in_reply_to`." },
  APPROVAL_CANCELLED: { summary: "An operator (or an emergency stop) cancelled the pending call." },
  APPROVAL_EXPIRED: { summary: "No approver answered before the deadline; the call was denied." },
  APPROVAL_TOKEN_INVALID: { summary: "The approval token is malformed or its signature does not verify; the call did not run." },
  APPROVAL_TOKEN_EXPIRED: { summary: "The approval token expired before the call ran; the call did not run." },
  APPROVAL_TOKEN_MISMATCH: { summary: "The approval token was issued for a different call (tool, args, session or agent); the call did not run." },
  APPROVAL_TOKEN_REPLAYED: { summary: "The approval token was already used; a token runs its call once." },
  APPROVAL_SESSION_INACTIVE: { summary: "The session was paused, halted or ended while the call waited; the approved call did not run." },
} as const;
