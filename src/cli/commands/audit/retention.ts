import type { Command } from "commander";
import { join } from "node:path";
import { applyRetention, openAudit } from "../../../audit/index.js";
import { EXIT, printJson, type CliIO } from "../../io.js";
import { dataPath, isoTime } from "./common.js";

export function registerRetention(audit: Command, io: CliIO): void {
  audit
    .command("retention")
    .description("Archive payloads past their hot period to <data>/archive (gzip NDJSON) and purge them; each purge is a record.")
    .option("--data <dir>", "data directory (default: $WARDEN_DATA or ./.warden)")
    .option("--now <time>", "evaluate ages as of this ISO 8601 time (default: now)")
    .option("--json", "print the result as JSON on stdout")
    .action(async (opts: { data?: string; now?: string; json?: boolean }) => {
      const dir = dataPath(io, opts.data);
      const now = Date.parse(isoTime("--now", opts.now) ?? new Date().toISOString());
      const a = await openAudit(dir, { headIntervalMs: 0 });
      try {
        const r = await applyRetention({ store: a.store.audit, log: a.log, archiveDir: join(dir, "archive"), now });
        if (opts.json) printJson(io, r);
        else io.stderr(`retention: ${r.purged} payload(s) purged${r.purge_seq ? ` (purge record ${r.purge_seq})` : ""}; archives: ${r.archives.join(", ") || "none"}\n`);
      } finally {
        await a.close();
      }
      io.exitCode = EXIT.OK;
    });
}
