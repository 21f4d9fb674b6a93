import type { Checkpoint, GuardAction } from "./types.js";

export type ScannerKind = "injection" | "pii" | "secrets" | "output" | "pattern";
export type ActionSpec = GuardAction | Partial<Record<Checkpoint | "default", GuardAction>>;

/** One entry of `guard.scanners` in the policy YAML. */
export interface ScannerConfig {
  id: string;
  use: ScannerKind;
  checkpoints?: Checkpoint[];
  params?: Record<string, unknown>;
  actions?: Record<string, ActionSpec>;
  labels?: Record<string, string[]>;
  /** Default false: a scanner that throws or runs over budget blocks the checkpoint. */
  fail_open?: boolean;
  budget_ms?: number;
  max_input_chars?: number;
}

export interface GuardConfig {
  scanners?: ScannerConfig[];
}
