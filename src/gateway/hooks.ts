// Extension points of the governed call. Control (kill switch, breakers, budgets, rate limits) and
// approvals plug in here, so the pipeline stays one readable sequence.
import type { Call, Decision, Session } from "../core/index.js";
import type { ExecResult } from "../exec/index.js";
import type { CallResponse } from "./pipeline/respond.js";
import type { LoadedSession } from "./pipeline/session-repo.js";
import type { Runtime } from "./runtime.js";

export interface HookContext {
  rt: Runtime;
  agent: string;
  tenant: string | null;
  sessionId: string;
  session: Session;
  /** `session` as read, with its stored version: the one session write per call uses it instead of a re-read. */
  loaded?: LoadedSession;
  call: Call;
  callId: string;
  correlationId: string;
  /** A resubmission after an approver asked to explain: the id of that approval. */
  inReplyTo?: string | null;
}

export interface Reservation {
  /** Turn the reservation into usage of what the call actually consumed. */
  settle(actual: { cost_usd?: number; tokens?: number; meters?: Record<string, number> }): Promise<void>;
  /** The call did not run: give the reservation back. */
  release(): Promise<void>;
}

export interface CallHooks {
  /** Before deciding: a response refuses the call (halted scope, paused agent, open breaker, rate limit). */
  admit?(c: HookContext): Promise<CallResponse | null>;
  /** After deciding, before the intent is recorded: may only make the decision stricter. */
  review?(c: HookContext, d: Decision): Promise<Decision>;
  /** Before executing an allowed call: reserve what it may consume, atomically, or refuse. */
  reserve?(c: HookContext, d: Decision): Promise<{ ok: true; reservation: Reservation } | { ok: false; response: CallResponse }>;
  /** A signal that aborts the execution (emergency stop). */
  signal?(c: HookContext): AbortSignal | undefined;
  /** After an execution attempt (success or failure): feed breakers and monitors. */
  after?(c: HookContext, d: Decision, r: ExecResult): Promise<void>;
}

/** Approvals take over a call whose verdict is `approve`. */
export interface ApprovalHandler {
  hold(c: HookContext, d: Decision, intentSeq: number): Promise<CallResponse>;
}
