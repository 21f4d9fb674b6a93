import type { Command } from "commander";
import { loadOrCreateSigningKey, publicKeyJson, publicKeyPem, openExistingStore, latestHead } from "../../../audit/index.js";
import { WardenError } from "../../../core/errors/index.js";
import { EXIT, printJson, type CliIO } from "../../io.js";
import { dataPath } from "./common.js";

export function registerKey(audit: Command, io: CliIO): void {
  audit
    .command("key")
    .description("Print the audit log's public key (created on first use) to pin with --key; never the private key.")
    .option("--data <dir>", "data directory (default: $WARDEN_DATA or ./.warden)")
    .option("--pem", "print PEM (SPKI) instead of JSON")
    .action((opts: { data?: string; pem?: boolean }) => {
      const key = loadOrCreateSigningKey(dataPath(io, opts.data));
      if (opts.pem) io.stdout(publicKeyPem(key));
      else printJson(io, publicKeyJson(key));
      io.exitCode = EXIT.OK;
    });
}

export function registerHead(audit: Command, io: CliIO): void {
  audit
    .command("head")
    .description("Print the latest signed tree head (save it; pass it later to verify --since-head or prove --from-head).")
    .option("--data <dir>", "data directory (default: $WARDEN_DATA or ./.warden)")
    .action(async (opts: { data?: string }) => {
      const store = openExistingStore(dataPath(io, opts.data));
      try {
        const h = await latestHead(store.audit);
        if (!h) throw new WardenError("AUDIT_SEQ_OUT_OF_RANGE", "the log has no signed head yet");
        printJson(io, h);
      } finally {
        await store.close();
      }
      io.exitCode = EXIT.OK;
    });
}
