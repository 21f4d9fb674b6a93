import type { Json } from "./json.js";

export interface ControlEntry {
  key: string;
  value: Json;
  /** Store-wide revision of the write that set this value; strictly increasing. */
  revision: number;
}

/**
 * Control state: kill switch, paused agents, breaker overrides. Replicas poll changesSince() with the last
 * revision they saw, so a halt set on one gateway reaches all of them.
 */
export interface ControlStore {
  get(key: string): Promise<ControlEntry | null>;
  /** Set a value; returns the new revision. */
  set(key: string, value: Json): Promise<number>;
  list(): Promise<ControlEntry[]>;
  /** Entries written after `revision`, ascending revision. */
  changesSince(revision: number): Promise<ControlEntry[]>;
}
