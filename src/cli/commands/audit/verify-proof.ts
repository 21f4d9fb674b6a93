import type { Command } from "commander";
import { readPublicKeyArg, verifyProof } from "../../../audit/index.js";
import { EXIT, printJson, type CliIO } from "../../io.js";
import { readJsonFile } from "./common.js";

export function registerVerifyProof(audit: Command, io: CliIO): void {
  audit
    .command("verify-proof")
    .description("Check a proof file offline against a public key (no database needed). Exit 0 valid, 1 invalid.")
    .argument("<proof>", "proof JSON file from `warden audit prove`")
    .requiredOption("--key <pubkey>", "the log's public key (file or value, as printed by `warden audit key`)")
    .option("--json", "print the result as JSON on stdout")
    .action((file: string, opts: { key: string; json?: boolean }) => {
      const key = readPublicKeyArg(opts.key, io.cwd);
      const r = verifyProof(readJsonFile(io, file, "proof"), key);
      if (opts.json) printJson(io, { ...r, key_id: key.keyId });
      else if (r.ok) io.stdout(`valid: ${r.summary} (key ${key.keyId})\n`);
      else io.stdout(`INVALID: ${r.reason}\n`);
      io.exitCode = r.ok ? EXIT.OK : EXIT.GATE_FAILED;
    });
}
