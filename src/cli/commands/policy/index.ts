import type { Command } from "commander";
import type { CliIO } from "../../io.js";
import { registerValidate } from "./validate.js";
import { registerTest } from "./test.js";
import { registerExplain } from "./explain.js";

export function registerPolicy(program: Command, io: CliIO): void {
  const policy = program.command("policy").description("Validate, test and explain policies.");
  registerValidate(policy, io);
  registerTest(policy, io);
  registerExplain(policy, io);
}
