// `warden approvals list|show|approve|deny|explain|cancel`: approvers and operators acting on a running
// gateway (`--url`, `--token`; env WARDEN_URL, WARDEN_TOKEN). Everything goes through the admin HTTP API,
// so the gateway checks role, group and tenant exactly as it does for any other client.
import type { Command } from "commander";
import { WardenError } from "../../core/index.js";
import { EXIT, printJson, type CliIO } from "../io.js";

interface Conn {
  url?: string;
  token?: string;
  json?: boolean;
}

const DEFAULT_URL = "http://127.0.0.1:8787";

async function api(io: CliIO, o: Conn, method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const url = (o.url ?? io.env["WARDEN_URL"] ?? DEFAULT_URL).replace(/\/$/, "");
  const token = o.token ?? io.env["WARDEN_TOKEN"];
  if (!token) throw new WardenError("CLI_USAGE", "a person token is needed: pass --token or set WARDEN_TOKEN (create one with `warden tokens create --role approver --user ID`)");
  let res: Response;
  try {
    res = await fetch(`${url}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { "content-type": "application/json" } : {}) }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  } catch (e) {
    throw new WardenError("CLI_USAGE", `cannot reach the gateway at ${url}: ${(e as Error).message} (check --url / WARDEN_URL)`);
  }
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) as Record<string, unknown> };
  } catch {
    return { status: res.status, body: { error: { code: "INTERNAL", message: text.slice(0, 500) } } };
  }
}

/** Print the answer; a refusal goes to stderr with its code and sets exit 1. */
function report(io: CliIO, o: Conn, r: { status: number; body: Record<string, unknown> }, human: (b: Record<string, unknown>) => string): void {
  const err = r.body["error"] as { code?: string; message?: string } | undefined;
  if (r.status >= 400 || err) {
    if (o.json) printJson(io, r.body);
    io.stderr(`warden: ${err?.code ?? r.status}: ${err?.message ?? "refused"}\n`);
    io.exitCode = EXIT.GATE_FAILED;
    return;
  }
  if (o.json) printJson(io, r.body);
  else io.stdout(human(r.body));
  io.exitCode = EXIT.OK;
}

const conn = (c: Command) => c.option("--url <url>", `gateway URL (env WARDEN_URL; default ${DEFAULT_URL})`).option("--token <token>", "person token (env WARDEN_TOKEN)").option("--json", "print JSON");

type Item = { id: string; summary: string; risk: string; deadline: string; approvals: { required: number; have: number }; batch_id: string };

function showText(b: Record<string, unknown>): string {
  const v = b as { id: string; status: string; summary: string; risk: string; deadline: string; reasoning: string | null; args: unknown; highlights: { kind: string; pointer: string; display: string }[]; rules: { rule_id: string; message: string }[]; provenance: { pointer: string; source: string; detail: string }[]; session: { labels: { label: string; meaning: string }[]; recent: { step: number; tool: string; verdict: string; executed: boolean }[] } | null; approvals: { required: number; groups: string[]; votes: { user: string }[] }; batch: { pending: string[] }; links: Record<string, string> };
  const lines = [
    `${v.id}  [${v.status}]  risk ${v.risk}  deadline ${v.deadline}`,
    v.summary,
    "",
    ...v.highlights.map((h) => `  ${h.kind.padEnd(9)} ${h.pointer} = ${h.display}`),
    `  args      ${JSON.stringify(v.args)}`,
    `  reasoning ${v.reasoning ?? "(none)"}`,
    "",
    "Why a human is asked:",
    ...v.rules.map((r) => `  - ${r.rule_id}: ${r.message}`),
    "Where the arguments came from:",
    ...(v.provenance.length ? v.provenance.map((p) => `  ${p.pointer}: ${p.source} (${p.detail})`) : ["  (no provenance recorded)"]),
    "Session:",
    ...(v.session?.labels.length ? v.session.labels.map((l) => `  ! ${l.meaning}`) : ["  no labels"]),
    ...(v.session?.recent ?? []).map((h) => `  step ${h.step}: ${h.tool} ${h.verdict}${h.executed ? "" : " (not run)"}`),
    `Approvals: ${v.approvals.votes.length}/${v.approvals.required} from ${v.approvals.groups.join(", ")}${v.approvals.votes.length ? ` (${v.approvals.votes.map((x) => x.user).join(", ")})` : ""}`,
    ...(v.batch.pending.length > 1 ? [`Batch: ${v.batch.pending.length} pending requests (approve all: warden approvals approve ${v.id} --batch <batch id>)`] : []),
    "",
  ];
  return lines.join("\n") + "\n";
}

export function registerApprovals(program: Command, io: CliIO): void {
  const cmd = program.command("approvals").description("Human approvals on a running gateway: list, show, approve, deny, explain, cancel.");

  conn(cmd.command("list").description("Pending approvals you can see (soonest deadline first), with batches.").option("--batch <id>", "only one batch")).action(async (o: Conn & { batch?: string }) => {
    const r = await api(io, o, "GET", `/admin/approvals${o.batch ? `?batch=${encodeURIComponent(o.batch)}` : ""}`);
    report(io, o, r, (b) => {
      const items = b["approvals"] as Item[];
      if (!items.length) return "no pending approvals\n";
      return items.map((i) => `${i.id}  ${i.risk.padEnd(8)} ${i.approvals.have}/${i.approvals.required}  until ${i.deadline}  ${i.batch_id !== i.id ? `[batch ${i.batch_id}] ` : ""}${i.summary}`).join("\n") + "\n";
    });
  });

  conn(cmd.command("show").description("The full context of one request.").argument("<id>", "approval id")).action(async (id: string, o: Conn) => {
    report(io, o, await api(io, o, "GET", `/admin/approvals/${encodeURIComponent(id)}`), showText);
  });

  const decided = (b: Record<string, unknown>) => {
    const exec = b["execution"] as { status: string; http_status?: number; code?: string } | undefined;
    const results = b["results"] as { id: string; ok: boolean; status?: string; error?: { code: string } }[] | undefined;
    if (results) return results.map((r) => `${r.id}  ${r.ok ? r.status : `refused ${r.error?.code}`}`).join("\n") + "\n";
    return `${String(b["id"])}  ${String(b["status"])}${b["status"] === "pending" ? ` (${String(b["votes"])}/${String(b["required"])} approvals)` : ""}${exec ? `; ran: ${exec.status}${exec.http_status ? ` (HTTP ${exec.http_status})` : ""}${exec.code ? ` ${exec.code}` : ""}` : ""}\n`;
  };

  conn(cmd.command("approve").description("Approve (your vote; the last required vote runs the call).").argument("<id>", "approval id, or a batch id with --batch").option("--comment <text>", "a note kept in the audit log").option("--batch", "approve every pending request of the batch")).action(
    async (id: string, o: Conn & { comment?: string; batch?: boolean }) => {
      const path = o.batch ? `/admin/approvals/batches/${encodeURIComponent(id)}/approve` : `/admin/approvals/${encodeURIComponent(id)}/approve`;
      report(io, o, await api(io, o, "POST", path, o.comment ? { comment: o.comment } : {}), decided);
    },
  );

  conn(cmd.command("deny").description("Deny; the reason is returned to the agent.").argument("<id>", "approval id, or a batch id with --batch").requiredOption("--reason <text>", "why (the agent sees it)").option("--batch", "deny every pending request of the batch")).action(
    async (id: string, o: Conn & { reason: string; batch?: boolean }) => {
      const path = o.batch ? `/admin/approvals/batches/${encodeURIComponent(id)}/deny` : `/admin/approvals/${encodeURIComponent(id)}/deny`;
      report(io, o, await api(io, o, "POST", path, { reason: o.reason }), decided);
    },
  );

  conn(cmd.command("explain").description("Ask the agent to explain; it may resubmit with in_reply_to.").argument("<id>", "approval id").requiredOption("--question <text>", "what the agent should explain")).action(async (id: string, o: Conn & { question: string }) => {
    report(io, o, await api(io, o, "POST", `/admin/approvals/${encodeURIComponent(id)}/explain`, { question: o.question }), decided);
  });

  conn(cmd.command("cancel").description("Cancel a pending request (operators).").argument("<id>", "approval id").option("--reason <text>", "why")).action(async (id: string, o: Conn & { reason?: string }) => {
    report(io, o, await api(io, o, "POST", `/admin/approvals/${encodeURIComponent(id)}/cancel`, o.reason ? { reason: o.reason } : {}), decided);
  });
}
