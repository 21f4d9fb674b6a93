import type { Command } from "commander";
import { createReadStream, existsSync } from "node:fs";
import { createInterface } from "node:readline";
import { formatDiagnostic, WardenError, type PolicySet } from "../../core/index.js";
import { loadPolicyFile } from "../../policy-file/index.js";
import { markDifferences, parseTraceLine, replayTrace, type ReplayResult, type Trace } from "../../replay/index.js";
import { EXIT, type CliIO } from "../io.js";

interface Opts {
  policy: string;
  assumeApproved?: boolean;
  compare?: string;
  json?: boolean;
}

function loadOrThrow(file: string): PolicySet {
  const r = loadPolicyFile(file);
  if (!r.ok) throw new WardenError("CLI_USAGE", `policy ${file} does not compile:\n${r.diagnostics.map(formatDiagnostic).join("\n")}`);
  return r.policy;
}

/** Read and validate every line first, so a malformed file is refused before anything is reported. */
async function readTraces(path: string): Promise<Trace[]> {
  if (path !== "-" && !existsSync(path)) throw new WardenError("CLI_NO_FILES", `${path} does not exist`);
  const input = path === "-" ? process.stdin : createReadStream(path, { encoding: "utf8" });
  const rl = createInterface({ input, crlfDelay: Infinity });
  const traces: Trace[] = [];
  let n = 0;
  for await (const line of rl) {
    n++;
    if (!line.trim()) continue;
    const r = parseTraceLine(line);
    if ("error" in r) throw new WardenError("REPLAY_BAD_TRACE", `${path}:${n}: ${r.error}`);
    traces.push(r.trace);
  }
  return traces;
}

export function registerReplay(program: Command, io: CliIO): void {
  program
    .command("replay")
    .description("Replay recorded sessions (JSONL) through the policy offline. Exit 1 only when a step's `expect` fails.")
    .argument("<traces>", "JSONL file, one session per line ('-' for stdin)")
    .requiredOption("--policy <file>", "policy to replay against")
    .option("--assume-approved", "treat steps that need approval as approved (they run and are observed)")
    .option("--compare <old_policy>", "also replay against OLD_POLICY and mark every step whose verdict differs (`was`)")
    .option("--json", "print one JSON document instead of one line per session")
    .action(async (path: string, opts: Opts) => {
      const policy = loadOrThrow(opts.policy);
      const old = opts.compare ? loadOrThrow(opts.compare) : undefined;
      const traces = await readTraces(path);
      const o = { assumeApproved: opts.assumeApproved === true };
      const results: ReplayResult[] = [];
      let differing = 0;
      let failed = 0;
      let steps = 0;
      for (const [k, t] of traces.entries()) {
        const r = replayTrace(policy, t, o);
        if (old) differing += markDifferences(r, replayTrace(old, t, o));
        for (const s of r.steps) if (s.pass === false) failed++;
        steps += r.steps.length;
        if (opts.json) results.push(r);
        else io.stdout(JSON.stringify(r) + "\n");
        if (traces.length >= 1000 && (k + 1) % 1000 === 0) io.stderr(`replayed ${k + 1}/${traces.length} sessions\n`);
      }
      const summary = { sessions: traces.length, steps, expectations_failed: failed, ...(old ? { differing_steps: differing } : {}) };
      if (opts.json) io.stdout(JSON.stringify({ summary, sessions: results }, null, 2) + "\n");
      io.stderr(`${summary.sessions} session(s), ${steps} step(s); ${failed} expectation(s) failed${old ? `; ${differing} step(s) differ from ${opts.compare}` : ""}\n`);
      io.exitCode = failed ? EXIT.GATE_FAILED : EXIT.OK;
    });
}
