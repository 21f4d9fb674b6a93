import type { Command } from "commander";
import type { CliIO } from "../../io.js";
import { DEFAULT_DATA_DIR } from "./data.js";
import { runEvalScanners } from "./scanners.js";

/** `warden eval ...`: measured figures written to docs/evaluations.md. */
export function registerEval(program: Command, io: CliIO): void {
  const ev = program.command("eval").description("Evaluate Warden's detectors on public labeled data.");
  ev.command("scanners")
    .description(
      "Precision/recall of the PII, secrets and injection scanners; writes the ## Scanners section.",
    )
    .option("--data <dir>", "shared data directory", DEFAULT_DATA_DIR)
    .option("--out <file>", "markdown file to update", "docs/evaluations.md")
    .option("--stdout", "print the section instead of writing the file")
    .action((opts: { data: string; out: string; stdout?: boolean }) => runEvalScanners(io, opts));
}
