import type { Command } from "commander";
import { existsSync } from "node:fs";
import { WardenError } from "../../../core/index.js";
import { findTestFiles, runTestFile, type CaseResult } from "../../../policy-test/index.js";
import { EXIT, printJson, type CliIO } from "../../io.js";

export function registerTest(policy: Command, io: CliIO): void {
  policy
    .command("test")
    .description("Run policy test cases (*.test.yaml) under PATH. Exit 1 when a case fails.")
    .argument("<path>", "a test file or a directory searched recursively")
    .option("--json", "print results as JSON on stdout")
    .option("-v, --verbose", "print passing cases too")
    .action((path: string, opts: { json?: boolean; verbose?: boolean }) => {
      if (!existsSync(path)) throw new WardenError("CLI_NO_FILES", `${path} does not exist`);
      const files = findTestFiles(path);
      if (!files.length) throw new WardenError("CLI_NO_FILES", `no *.test.yaml files under ${path}`);
      const results: CaseResult[] = [];
      for (const f of files) results.push(...runTestFile(f));
      const failed = results.filter((r) => !r.pass);
      if (opts.json) printJson(io, { passed: results.length - failed.length, failed: failed.length, results: results.map(({ decision: _d, ...r }) => r) });
      else {
        for (const r of results) {
          if (!r.pass) io.stdout(`FAIL ${r.file}: ${r.name}\n     ${r.failure}\n`);
          else if (opts.verbose) io.stdout(`PASS ${r.file}: ${r.name}\n`);
        }
        io.stdout(`${results.length - failed.length} passed, ${failed.length} failed\n`);
      }
      io.exitCode = failed.length ? EXIT.GATE_FAILED : EXIT.OK;
    });
}
