import type { Command } from "commander";
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { openAudit, openExistingStore, buildInclusionProof, buildConsistencyProof, headCovering, latestHead } from "../../../audit/index.js";
import { WardenError } from "../../../core/errors/index.js";
import type { SignedTreeHead } from "../../../core/audit/index.js";
import { EXIT, type CliIO } from "../../io.js";
import { dataPath, positiveInt, readHeadFile } from "./common.js";

export function registerProve(audit: Command, io: CliIO): void {
  audit
    .command("prove")
    .description("Print an inclusion proof for record SEQ (or, with --from-head, a consistency proof) as JSON, verifiable offline.")
    .argument("[seq]", "sequence number of the record")
    .option("--data <dir>", "data directory (default: $WARDEN_DATA or ./.warden)")
    .option("--from-head <file>", "prove that the current log extends this saved head (consistency proof)")
    .option("--no-payload", "leave the payload out of the proof (the header still commits to its digest)")
    .option("--out <file>", "write the proof to a file instead of stdout")
    .action(async (seqArg: string | undefined, opts: { data?: string; fromHead?: string; payload: boolean; out?: string }) => {
      const dir = dataPath(io, opts.data);
      if (seqArg === undefined && !opts.fromHead) throw new WardenError("CLI_USAGE", "give a sequence number, or --from-head FILE for a consistency proof");
      const seq = seqArg === undefined ? null : positiveInt("SEQ", seqArg);
      const from = opts.fromHead ? readHeadFile(io, opts.fromHead) : null;
      const store = openExistingStore(dir);
      let head: SignedTreeHead | null;
      try {
        const size = (await store.audit.tail()).size;
        if (seq !== null && seq > size) throw new WardenError("AUDIT_SEQ_OUT_OF_RANGE", `record ${seq} does not exist; the log has ${size} records`);
        head = seq !== null && !from ? await headCovering(store.audit, seq) : await latestHead(store.audit);
      } finally {
        await store.close();
      }
      // No head covers the record yet (it is in the unsigned tail): sign one now, as the writer would within a second.
      if (!head || (seq !== null && head.tree_size < seq)) {
        const a = await openAudit(dir, { headIntervalMs: 0 });
        try {
          head = await a.log.signHead();
        } finally {
          await a.close();
        }
      }
      const s = openExistingStore(dir);
      try {
        const doc = from ? await buildConsistencyProof(s.audit, from, head) : await buildInclusionProof(s.audit, seq as number, head, { includePayload: opts.payload });
        const text = JSON.stringify(doc, null, 2) + "\n";
        if (opts.out) writeFileSync(resolve(io.cwd, opts.out), text);
        else io.stdout(text);
      } finally {
        await s.close();
      }
      io.exitCode = EXIT.OK;
    });
}
