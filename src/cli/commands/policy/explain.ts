import type { Command } from "commander";
import { decide, formatDiagnostic, WardenError, type Call, type Decision } from "../../../core/index.js";
import { loadPolicyFile } from "../../../policy-file/index.js";
import { DEFAULT_NOW, parseTime, sessionFromSpec } from "../../../policy-test/index.js";
import { EXIT, printJson, type CliIO } from "../../io.js";

function parseJsonArg(name: string, text: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new WardenError("CLI_BAD_JSON", `--${name} is not valid JSON: ${(e as Error).message}`);
  }
  if (v === null || typeof v !== "object" || Array.isArray(v)) throw new WardenError("CLI_BAD_JSON", `--${name} must be a JSON object`);
  return v as Record<string, unknown>;
}

export function registerExplain(policy: Command, io: CliIO): void {
  policy
    .command("explain")
    .description("Decide one call and explain which rules matched, which decided, and why.")
    .argument("<file>", "policy YAML file")
    .requiredOption("--call <json>", 'the call: {"agent","task","principal","tool","args"}')
    .option("--session <json>", 'what the session has seen: {"request", "labels", "steps": [{"tool","args","output","at"}]}')
    .option("--now <time>", "ISO 8601 time of the call (default: a fixed instant)")
    .option("--json", "print the decision as JSON on stdout")
    .action((file: string, opts: { call: string; session?: string; now?: string; json?: boolean }) => {
      const r = loadPolicyFile(file);
      if (!r.ok) {
        for (const d of r.diagnostics) io.stderr(formatDiagnostic(d) + "\n");
        io.exitCode = EXIT.GATE_FAILED;
        return;
      }
      const raw = parseJsonArg("call", opts.call);
      for (const k of ["agent", "task", "tool"]) if (typeof raw[k] !== "string") throw new WardenError("CLI_BAD_JSON", `--call needs a string \`${k}\``);
      const call = { principal: null, args: {}, ...raw } as Call;
      let now: number;
      try {
        now = parseTime(opts.now, DEFAULT_NOW);
      } catch (e) {
        throw new WardenError("CLI_USAGE", `--now: ${(e as Error).message}`);
      }
      const spec = opts.session ? parseJsonArg("session", opts.session) : undefined;
      const session = spec ? sessionFromSpec(r.policy, spec, call, now) : undefined;
      const d = decide(r.policy, call, session, now);
      if (opts.json) printJson(io, d);
      else io.stdout(render(call, d));
      io.exitCode = EXIT.OK;
    });
}

function render(call: Call, d: Decision): string {
  const lines = [`${call.tool} by ${call.agent} (task ${call.task}): ${d.verdict.toUpperCase()}  risk=${d.risk}`];
  if (d.approval) lines.push(`  needs ${d.approval.approvers} approver(s) from ${d.approval.groups.join(", ")} within ${Math.round(d.approval.timeout_ms / 1000)}s`);
  lines.push(`decided by: ${d.rule_ids.join(", ") || "(none)"}`);
  for (const r of d.reasons) lines.push(`  ${d.rule_ids.includes(r.rule_id) ? "*" : " "} ${r.rule_id} [${r.effect}] ${r.message}`);
  const ob = Object.entries(d.obligations);
  if (ob.length) lines.push(`obligations: ${ob.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(" ")}`);
  const meters = Object.entries(d.consumes.meters);
  lines.push(`consumes: ${d.consumes.tool_calls} call(s), $${d.consumes.cost_usd}${meters.map(([k, v]) => `, ${k}=${v}`).join("")}`);
  for (const p of d.provenance ?? []) if (p.source !== "none") lines.push(`provenance ${p.pointer}: ${p.source} — ${p.detail}`);
  return lines.join("\n") + "\n";
}
