import type { Command } from "commander";
import { openExistingStore, queryRecords } from "../../../audit/index.js";
import { WardenError } from "../../../core/errors/index.js";
import { EXIT, type CliIO } from "../../io.js";
import { dataPath, isoTime } from "./common.js";

export function registerExport(audit: Command, io: CliIO): void {
  audit
    .command("export")
    .description("Print records as NDJSON (one JSON object per line, SIEM-ready), oldest first.")
    .option("--data <dir>", "data directory (default: $WARDEN_DATA or ./.warden)")
    .option("--since <time>", "only records at or after this ISO 8601 time")
    .option("--until <time>", "only records at or before this ISO 8601 time")
    .option("--format <format>", "output format (ndjson)", "ndjson")
    .action(async (opts: { data?: string; since?: string; until?: string; format: string }) => {
      if (opts.format !== "ndjson") throw new WardenError("CLI_USAGE", `--format must be ndjson, got "${opts.format}"`);
      const since = isoTime("--since", opts.since);
      const until = isoTime("--until", opts.until);
      const store = openExistingStore(dataPath(io, opts.data));
      try {
        for await (const r of queryRecords(store.audit, { ...(since ? { since } : {}), ...(until ? { until } : {}) })) io.stdout(JSON.stringify(r) + "\n");
      } finally {
        await store.close();
      }
      io.exitCode = EXIT.OK;
    });
}
