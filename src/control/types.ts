// Values the control layer keeps in the control store (shared by every replica; never deleted, so a
// resume is a new value with `active: false`).
import type { Scope } from "./scope.js";

export type KillLevel = "graceful" | "emergency";

export interface HaltValue {
  kind: "halt";
  kill_id: string;
  active: boolean;
  level: KillLevel;
  scope: Scope;
  reason: string;
  by: string;
  at: number;
  /** draining: a graceful stop waits for in-flight calls; stopped: nothing of the scope runs. */
  state: "draining" | "stopped";
  /** Graceful: when in-flight calls are aborted if they have not finished. */
  deadline?: number;
  stopped_at?: number;
  /** Sessions this halt set to halted/paused; a resume makes exactly these active again. */
  sessions?: string[];
  resumed?: { by: string; at: number; reason: string };
}

export interface PauseValue {
  kind: "pause";
  active: boolean;
  agent: string;
  /** The breaker that paused the agent. */
  breaker: string;
  reason: string;
  at: number;
  resumed?: { by: string; at: number; reason: string };
}

export type Refusal = { code: "CONTROL_HALTED" | "CONTROL_AGENT_PAUSED"; message: string };
