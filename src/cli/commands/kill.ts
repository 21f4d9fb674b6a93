// `warden kill`, `warden resume` and `warden drill kill-switch`: the kill switch from a terminal. kill and
// resume act on a running gateway (--url/--token, env WARDEN_URL/WARDEN_TOKEN); the drill runs against an
// embedded gateway unless --url is given.
import type { Command } from "commander";
import { WardenError } from "../../core/index.js";
import { recordDrill, request, runKillDrill, startEmbedded, type DrillReport, type DrillTarget } from "../../control/drill/index.js";
import { EXIT, printJson, type CliIO } from "../io.js";

interface ScopeOpts {
  agent?: string;
  tenant?: string;
  session?: string;
  all?: boolean;
}

function scopeOf(o: ScopeOpts): { kind: string; id: string | null } {
  const given = [o.agent && { kind: "agent", id: o.agent }, o.tenant && { kind: "tenant", id: o.tenant }, o.session && { kind: "session", id: o.session }, o.all && { kind: "all", id: null }].filter(Boolean) as { kind: string; id: string | null }[];
  if (given.length !== 1) throw new WardenError("CLI_USAGE", "name exactly one scope: --agent ID, --tenant ID, --session ID or --all");
  return given[0] as { kind: string; id: string | null };
}

function remote(io: CliIO, o: { url?: string; token?: string }): { url: string; token: string } {
  const url = o.url ?? io.env["WARDEN_URL"];
  const token = o.token ?? io.env["WARDEN_TOKEN"];
  if (!url || !token) throw new WardenError("CLI_USAGE", "give the gateway and an operator token: --url URL --token TOKEN (or env WARDEN_URL, WARDEN_TOKEN)");
  return { url, token };
}

const withScope = (c: Command) =>
  c.option("--agent <id>", "one agent (its sessions; its keys are refused)").option("--tenant <id>", "every agent of a tenant").option("--session <id>", "one session").option("--all", "everything this gateway serves");

const withRemote = (c: Command) => c.option("--url <url>", "gateway URL (env WARDEN_URL)").option("--token <token>", "operator token (env WARDEN_TOKEN)").option("--json", "print the answer as JSON");

export function registerKill(program: Command, io: CliIO): void {
  withRemote(
    withScope(program.command("kill").description("Stop a scope: --graceful lets in-flight calls finish, --emergency aborts them and cancels pending approvals."))
      .option("--graceful", "refuse new work, let in-flight calls finish (up to control.graceful_deadline), then report stopped")
      .option("--emergency", "refuse everything at once, abort in-flight executions, cancel pending approvals, alert")
      .requiredOption("--reason <text>", "why (recorded in the audit log)")
      .option("--no-wait", "graceful: return while draining"),
  ).action(async (o: ScopeOpts & { graceful?: boolean; emergency?: boolean; reason: string; wait: boolean; url?: string; token?: string; json?: boolean }) => {
    if (Boolean(o.graceful) === Boolean(o.emergency)) throw new WardenError("CLI_USAGE", "choose one level: --graceful or --emergency");
    const scope = scopeOf(o);
    const { url, token } = remote(io, o);
    const level = o.emergency ? "emergency" : "graceful";
    const r = await request(url, "POST", "/admin/control/kill", token, { level, scope, reason: o.reason, wait: o.wait });
    if (r.status !== 200 && r.status !== 202) return failed(io, r.status, r.body);
    if (o.json) printJson(io, r.body);
    else {
      const h = r.body["halt"] as { state: string; kill_id: string };
      io.stdout(`${level} stop of ${scope.kind}${scope.id ? ` ${scope.id}` : ""}: ${h.state} (${h.kill_id})\n`);
      io.stdout(`  in force after ${fmt(r.body["effective_ms"])} ms; aborted ${String(r.body["aborted"] ?? 0)} in-flight; ${(r.body["approvals_cancelled"] as unknown[] | undefined)?.length ?? 0} approvals cancelled; ${(r.body["sessions"] as unknown[] | undefined)?.length ?? 0} sessions stopped\n`);
      io.stdout(`  resume (operator): warden resume --${scope.kind}${scope.id ? ` ${scope.id}` : ""} --reason "…"\n`);
    }
    io.exitCode = EXIT.OK;
  });

  withRemote(withScope(program.command("resume").description("Lift a halt or a breaker's pause (operators only; audited).")).requiredOption("--reason <text>", "why it is safe to resume (audited)")).action(
    async (o: ScopeOpts & { reason: string; url?: string; token?: string; json?: boolean }) => {
      const scope = scopeOf(o);
      const { url, token } = remote(io, o);
      const r = await request(url, "POST", "/admin/control/resume", token, { scope, reason: o.reason });
      if (r.status !== 200) return failed(io, r.status, r.body);
      if (o.json) printJson(io, r.body);
      else io.stdout(`resumed ${(r.body["resumed"] as string[]).join(", ")}; ${String(r.body["sessions"])} sessions active again\n`);
      io.exitCode = EXIT.OK;
    },
  );

  const drill = program.command("drill").description("Drills of safety controls.");
  drill
    .command("kill-switch")
    .description("Run a scripted agent under load, trigger each kill level, measure time-to-halt, record the drill in the audit log.")
    .option("--data <dir>", "embedded gateway on this data directory (default: a temporary one)")
    .option("--url <url>", "drill a running gateway instead (env WARDEN_URL)")
    .option("--token <token>", "operator token for --url (env WARDEN_TOKEN)")
    .option("--agent-key <key>", "--url: the drill agent's API key (else one is created with the token, which must be admin)")
    .option("--agent <id>", "--url: the drill agent (it is halted and resumed during the drill)", "finance-agent")
    .option("--task <task>", "--url: task type of the drill sessions", "balance_check")
    .option("--tool <tool>", "--url: the tool the scripted agent calls", "read_account")
    .option("--args <json>", "--url: its arguments", '{"account":"3847"}')
    .option("--workers <n>", "concurrent sessions", "16")
    .option("--json", "print the report as JSON")
    .action(async (o: { data?: string; url?: string; token?: string; agentKey?: string; agent: string; task: string; tool: string; args: string; workers: string; json?: boolean }) => {
      const workers = Number(o.workers);
      if (!Number.isInteger(workers) || workers < 1 || workers > 256) throw new WardenError("CLI_USAGE", "--workers must be 1–256");
      const url = o.url ?? (o.data ? undefined : io.env["WARDEN_URL"]);
      if (o.url && o.data) throw new WardenError("CLI_USAGE", "give --data (embedded) or --url (a running gateway), not both");
      let report: DrillReport;
      let recorded;
      if (url) {
        const { token } = remote(io, { url, ...(o.token ? { token: o.token } : {}) });
        let args: unknown;
        try {
          args = JSON.parse(o.args);
        } catch {
          throw new WardenError("CLI_BAD_JSON", "--args is not JSON");
        }
        let key = o.agentKey;
        let created: string | undefined;
        if (!key) {
          const k = await request(url, "POST", "/admin/agents/keys", token, { agent: o.agent, label: "kill-switch drill" });
          if (k.status !== 201) return failed(io, k.status, k.body, "creating the drill agent's key needs an admin token; or pass --agent-key");
          key = k.body["key"] as string;
          created = k.body["id"] as string;
        }
        const target: DrillTarget = { url, token, agentKey: key, agent: o.agent, task: o.task, tool: o.tool, args };
        try {
          report = await runKillDrill(target, { workers, mode: "url" });
        } finally {
          if (created) await request(url, "DELETE", `/admin/credentials/${created}`, token).catch(() => undefined);
        }
        recorded = await recordDrill(url, token, report);
      } else {
        const e = await startEmbedded(o.data ? { dataDir: o.data } : {});
        try {
          report = await runKillDrill(e.target, { workers, mode: "embedded" });
          recorded = await recordDrill(e.target.url, e.target.token, report);
        } finally {
          await e.close();
        }
      }
      if (o.json) printJson(io, { ...report, recorded: recorded.body });
      else {
        io.stdout(`kill-switch drill against ${report.target} (agent ${report.agent}): ${report.ok ? "PASSED" : "FAILED"}\n`);
        for (const l of report.levels)
          io.stdout(`  ${l.level.padEnd(9)} halt ${fmt(l.halt_ms)} ms (${l.halt_measured}), in force after ${fmt(l.effective_ms)} ms, drained ${fmt(l.drain_ms)} ms; ${l.in_flight_at_trigger} in flight, ${l.aborted} aborted, ${l.violations} ran after the halt; resumed: ${l.resumed ? "yes" : "NO"}${Object.keys(l.refused_before).length ? `; REFUSED BEFORE THE TRIGGER: ${JSON.stringify(l.refused_before)}` : ""}\n`);
        io.stdout(`  recorded in the audit log (seq ${String(recorded.body["audit_seq"] ?? "?")}); /readyz shows the date\n`);
      }
      io.exitCode = report.ok ? EXIT.OK : EXIT.GATE_FAILED;
    });
}

const fmt = (n: unknown) => (typeof n === "number" ? n.toFixed(1) : "?");

function failed(io: CliIO, status: number, body: Record<string, unknown>, hint?: string): void {
  const e = body["error"] as { code?: string; message?: string } | undefined;
  io.stderr(`warden: the gateway refused (${status} ${e?.code ?? ""}): ${e?.message ?? JSON.stringify(body)}${hint ? `\n  ${hint}` : ""}\n`);
  io.exitCode = EXIT.GATE_FAILED;
}
