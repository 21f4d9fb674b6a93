import type { Command } from "commander";
import type { CliIO } from "../../io.js";
import { registerVerify } from "./verify.js";
import { registerProve } from "./prove.js";
import { registerVerifyProof } from "./verify-proof.js";
import { registerExport } from "./export.js";
import { registerQuery } from "./query.js";
import { registerKey, registerHead } from "./key.js";
import { registerRetention } from "./retention.js";

export function registerAudit(program: Command, io: CliIO): void {
  const audit = program.command("audit").description("Verify, prove, export and query the tamper-evident audit log.");
  registerVerify(audit, io);
  registerProve(audit, io);
  registerVerifyProof(audit, io);
  registerExport(audit, io);
  registerQuery(audit, io);
  registerKey(audit, io);
  registerHead(audit, io);
  registerRetention(audit, io);
}
