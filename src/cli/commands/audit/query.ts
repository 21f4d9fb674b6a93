import type { Command } from "commander";
import { openExistingStore, queryRecords } from "../../../audit/index.js";
import type { AuditQuery } from "../../../ports/audit.js";
import type { AuditRecord } from "../../../core/audit/index.js";
import { EXIT, printJson, type CliIO } from "../../io.js";
import { dataPath, isoTime, positiveInt } from "./common.js";

interface QueryOpts {
  data?: string;
  session?: string;
  agent?: string;
  tool?: string;
  verdict?: string;
  risk?: string;
  kind?: string;
  tenant?: string;
  since?: string;
  until?: string;
  limit: string;
  json?: boolean;
}

export function registerQuery(audit: Command, io: CliIO): void {
  audit
    .command("query")
    .description("Find records by session, agent, tool, verdict, risk and time range.")
    .option("--data <dir>", "data directory (default: $WARDEN_DATA or ./.warden)")
    .option("--session <id>", "session id")
    .option("--agent <id>", "agent id")
    .option("--tool <name>", "tool name")
    .option("--verdict <verdict>", "allow, deny or approve")
    .option("--risk <tier>", "low, medium, high or critical")
    .option("--kind <kind>", "intent, outcome, approval, control, context, event or purge")
    .option("--tenant <id>", "tenant")
    .option("--since <time>", "at or after this ISO 8601 time")
    .option("--until <time>", "at or before this ISO 8601 time")
    .option("--limit <n>", "at most N records", "100")
    .option("--json", "print the records as a JSON array on stdout")
    .action(async (opts: QueryOpts) => {
      const q: AuditQuery = { limit: positiveInt("--limit", opts.limit) };
      const set = <K extends keyof AuditQuery>(k: K, v: AuditQuery[K] | undefined): void => {
        if (v !== undefined) q[k] = v;
      };
      set("session_id", opts.session);
      set("agent_id", opts.agent);
      set("tool_name", opts.tool);
      set("verdict", opts.verdict);
      set("risk_tier", opts.risk);
      set("kind", opts.kind);
      set("tenant", opts.tenant);
      set("since", isoTime("--since", opts.since));
      set("until", isoTime("--until", opts.until));
      const store = openExistingStore(dataPath(io, opts.data));
      const out: AuditRecord[] = [];
      try {
        for await (const r of queryRecords(store.audit, q)) out.push(r);
      } finally {
        await store.close();
      }
      if (opts.json) printJson(io, out);
      else for (const r of out) io.stdout(line(r) + "\n");
      io.exitCode = EXIT.OK;
    });
}

function line(r: AuditRecord): string {
  const cols = [String(r.seq).padStart(6), r.timestamp, r.kind.padEnd(8), r.session_id ?? "-", r.agent_id ?? "-", r.tool_name ?? r.action, r.verdict ?? "-", r.risk_tier ?? "-"];
  if (r.kind === "outcome") cols.push(`intent=${r.intent_seq} status=${r.status}`);
  if (r.rule_ids.length > 0) cols.push(`rules=${r.rule_ids.join(",")}`);
  if (r.payload_state !== "present") cols.push(`payload=${r.payload_state}`);
  return cols.join("  ");
}
