import { Option, type Command } from "commander";
import type { CliIO } from "../../io.js";
import { EXIT } from "../../io.js";
import {
  CHECKPOINTS,
  SEVERITIES,
  runCheckpoint,
  severityRank,
  type Checkpoint,
  type Severity,
} from "../../../core/guard/index.js";
import { isWardenError } from "../../../core/errors/index.js";
import { loadGuardSet, parseRecords, readInput } from "./load.js";
import { formatText, toOutput } from "./format.js";

interface ScanOpts {
  jsonl?: boolean;
  checkpoint: Checkpoint;
  json?: boolean;
  failOn?: Severity;
  policy?: string;
  redacted?: boolean;
}

/** `warden scan [FILE|-]`: run the scanner set over a text or JSONL records; exit 1 only with --fail-on. */
export function registerScan(program: Command, io: CliIO): void {
  program
    .command("scan")
    .description(
      "Scan a text (or JSONL records {id, text}) for prompt injection, secrets, PII and unsafe output.",
    )
    .argument("[file]", "file to scan, or - for stdin (default stdin)")
    .option("--jsonl", 'input is one JSON record per line: {"id", "text"}')
    .addOption(
      new Option("--checkpoint <name>", "which checkpoint's scanners run")
        .choices([...CHECKPOINTS])
        .default("pre_request"),
    )
    .option("--json", "print one JSON object per record (JSONL) on stdout")
    .addOption(
      new Option("--fail-on <severity>", "exit 1 when a finding has at least this severity").choices([
        ...SEVERITIES,
      ]),
    )
    .option(
      "--policy <file>",
      "policy YAML whose guard: section defines the scanners (default set otherwise)",
    )
    .option("--redacted", "also print the redacted text")
    .action((file: string | undefined, opts: ScanOpts) => {
      try {
        scan(io, file, opts);
      } catch (e) {
        // A bad policy or a malformed record is a usage problem (exit 2), not a finding.
        if (!isWardenError(e)) throw e;
        io.stderr(`warden scan: ${e.format()}\n`);
        io.exitCode = EXIT.USAGE;
      }
    });
}

function scan(io: CliIO, file: string | undefined, opts: ScanOpts): void {
  const set = loadGuardSet(opts.policy);
  let input: string;
  try {
    input = readInput(file);
  } catch (e) {
    io.stderr(
      `warden scan: cannot read ${file ?? "stdin"}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`,
    );
    io.exitCode = EXIT.USAGE;
    return;
  }
  const records = parseRecords(input, opts.jsonl === true, file && file !== "-" ? file : "stdin");
  let worst = -1;
  for (const r of records) {
    const res = runCheckpoint(set, opts.checkpoint, r.text);
    const out = toOutput(r.id, res, opts.redacted === true);
    io.stdout(opts.json ? JSON.stringify(out) + "\n" : formatText(out));
    for (const f of res.findings) worst = Math.max(worst, severityRank(f.severity));
    if (res.errors.some((e) => !e.ignored)) worst = Math.max(worst, severityRank("critical"));
  }
  if (opts.failOn !== undefined && worst >= severityRank(opts.failOn)) {
    io.stderr(`warden scan: findings at or above ${opts.failOn}\n`);
    io.exitCode = EXIT.GATE_FAILED;
  }
}
