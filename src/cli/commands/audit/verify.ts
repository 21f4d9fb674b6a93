import type { Command } from "commander";
import { join } from "node:path";
import { openExistingStore, verifyLog, loadLocalPublicKey, readPublicKeyArg, readHeadsFile, HEADS_FILE, type VerifyReport } from "../../../audit/index.js";
import { EXIT, printJson, type CliIO } from "../../io.js";
import { dataPath, readHeadFile } from "./common.js";

export function registerVerify(audit: Command, io: CliIO): void {
  audit
    .command("verify")
    .description("Recompute the Merkle tree, check every signed head, report the first bad sequence number. Exit 0 intact, 1 tampered.")
    .option("--data <dir>", "data directory (default: $WARDEN_DATA or ./.warden)")
    .option("--key <pubkey>", "pin the public key (file or value, as printed by `warden audit key`)")
    .option("--since-head <file>", "a signed head saved earlier: the log must still extend it")
    .option("--json", "print the full report as JSON on stdout")
    .option("--quiet", "no progress on stderr")
    .action(async (opts: { data?: string; key?: string; sinceHead?: string; json?: boolean; quiet?: boolean }) => {
      const dir = dataPath(io, opts.data);
      const pinned = opts.key ? readPublicKeyArg(opts.key, io.cwd) : null;
      const since = opts.sinceHead ? readHeadFile(io, opts.sinceHead) : null;
      const file = readHeadsFile(join(dir, HEADS_FILE));
      const store = openExistingStore(dir);
      let report: VerifyReport;
      try {
        let lastShown = 0;
        report = await verifyLog({
          store: store.audit,
          pinnedKey: pinned,
          localKey: pinned ? null : loadLocalPublicKey(dir),
          externalHeads: file.heads,
          sinceHead: since,
          onProgress: (done, total) => {
            // Progress only for large logs, at most every 100k records, on stderr (stdout is data).
            if (opts.quiet || total < 100_000 || done - lastShown < 100_000) return;
            lastShown = done;
            io.stderr(`verify: ${done}/${total} records (${Math.floor((100 * done) / total)}%)\n`);
          },
        });
      } finally {
        await store.close();
      }
      if (file.badLines.length > 0) report.warnings.push(`${HEADS_FILE}: unreadable line(s) ${file.badLines.join(", ")}`);
      if (opts.json) printJson(io, report);
      else printHuman(io, report);
      io.exitCode = report.ok ? EXIT.OK : EXIT.GATE_FAILED;
    });
}

function printHuman(io: CliIO, r: VerifyReport): void {
  for (const f of r.findings) io.stdout(`seq ${f.seq}: ${f.kind}: ${f.message}\n`);
  if (r.open_intents.length > 0) io.stdout(`no outcome: ${r.open_intents.join(", ")}\n`);
  for (const w of r.warnings) io.stderr(`warning: ${w}\n`);
  const keyNote = r.key_id ? `key ${r.key_id}${r.key_pinned ? " (pinned)" : " (not pinned)"}` : "no key";
  if (r.ok) io.stderr(`audit log intact: ${r.size} records, ${r.heads_checked} signed heads checked, signed through ${r.signed_size}, ${r.purged} payload(s) purged by retention; ${keyNote}\n`);
  else io.stderr(`audit log TAMPERED: first bad sequence number ${r.first_bad_seq} (${r.findings[0]?.kind}); ${r.findings.length} finding(s); ${keyNote}\n`);
}
