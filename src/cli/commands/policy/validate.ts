import type { Command } from "commander";
import { formatDiagnostic } from "../../../core/index.js";
import { loadPolicyFile } from "../../../policy-file/index.js";
import { EXIT, printJson, type CliIO } from "../../io.js";

export function registerValidate(policy: Command, io: CliIO): void {
  policy
    .command("validate")
    .description("Check a policy file; print every located error (file:line:col: CODE message). Exit 1 when invalid.")
    .argument("<file>", "policy YAML file")
    .option("--json", "print the result as JSON on stdout")
    .action((file: string, opts: { json?: boolean }) => {
      const r = loadPolicyFile(file);
      if (opts.json) {
        printJson(io, r.ok ? { ok: true, file, version: r.policy.version, tools: r.policy.tools.size, rules: r.policy.rules.length } : { ok: false, file, errors: r.diagnostics });
      } else if (r.ok) {
        io.stderr(`${file}: ok (${r.policy.tools.size} tools, ${r.policy.tasks.size} tasks, ${r.policy.rules.length} rules, ${r.policy.flows.length} flows; ${r.policy.version})\n`);
      } else {
        for (const d of r.diagnostics) io.stdout(formatDiagnostic(d) + "\n");
        io.stderr(`${file}: ${r.diagnostics.length} error(s); the policy was refused\n`);
      }
      io.exitCode = r.ok ? EXIT.OK : EXIT.GATE_FAILED;
    });
}
