import type { Command } from "commander";
import type { CliIO } from "../io.js";

export type RegisterCommand = (program: Command, io: CliIO) => void;

export interface CommandModule {
  /** The top-level command names the module registers. */
  names: readonly string[];
  load: () => Promise<RegisterCommand>;
}

// One entry per command module, loaded only when its command runs (or for the full --help): the gateway,
// the audit store and the scanners are heavy, and `warden policy validate` should not pay for them.
export const COMMANDS: readonly CommandModule[] = [
  { names: ["policy"], load: async () => (await import("./policy/index.js")).registerPolicy },
  { names: ["replay"], load: async () => (await import("./replay.js")).registerReplay },
  { names: ["serve"], load: async () => (await import("./serve.js")).registerServe },
  { names: ["agents", "tokens"], load: async () => (await import("./identities.js")).registerIdentities },
  { names: ["audit"], load: async () => (await import("./audit/index.js")).registerAudit },
  { names: ["scan"], load: async () => (await import("./scan/index.js")).registerScan },
  { names: ["eval"], load: async () => (await import("./eval/index.js")).registerEval },
  { names: ["approvals"], load: async () => (await import("./approvals.js")).registerApprovals },
  { names: ["kill", "resume", "drill"], load: async () => (await import("./kill.js")).registerKill },
];
