// `warden agents …` and `warden tokens …`: credentials in a local data directory. Creation and revocation
// are audited; secrets are printed once and stored only as hashes.
import type { Command } from "commander";
import { openAudit } from "../../audit/index.js";
import { WardenError } from "../../core/index.js";
import { IdentityRegistry, PERSON_ROLES, type PersonRole } from "../../identity/index.js";
import { dataDir, EXIT, printJson, type CliIO } from "../io.js";

async function withRegistry<T>(io: CliIO, data: string | undefined, fn: (r: IdentityRegistry, audit: (action: string, details: unknown) => Promise<void>) => Promise<T>): Promise<T> {
  const opened = await openAudit(dataDir(io, data), { headIntervalMs: 0 });
  try {
    const reg = new IdentityRegistry(opened.store.control);
    return await fn(reg, async (action, details) => {
      await opened.log.append({ kind: "control", action, details });
    });
  } finally {
    await opened.close();
  }
}

export function registerIdentities(program: Command, io: CliIO): void {
  const agents = program.command("agents").description("Agent API keys (local data directory).");
  agents
    .command("create")
    .description("Create an API key for an agent declared in the policy; the key is printed once.")
    .requiredOption("--agent <id>", "agent id (as declared under `agents` in the policy)")
    .option("--label <text>", "a note about where the key is used")
    .option("--data <dir>", "data directory (env WARDEN_DATA; default ./.warden)")
    .option("--json", "print as JSON")
    .action(async (o: { agent: string; label?: string; data?: string; json?: boolean }) => {
      const r = await withRegistry(io, o.data, async (reg, audit) => {
        const k = await reg.createAgentKey(o.agent, o.label);
        await audit("agent_key.create", { key_id: k.record.id, agent: o.agent });
        return k;
      });
      if (o.json) printJson(io, { id: r.record.id, agent: o.agent, key: r.token });
      else io.stdout(r.token + "\n");
      io.stderr(`created key ${r.record.id} for agent ${o.agent}; store it now, Warden keeps only its hash\n`);
      io.exitCode = EXIT.OK;
    });
  listAndRevoke(agents, io, "agent");

  const tokens = program.command("tokens").description("Tokens for people: admin, operator, approver, auditor (local data directory).");
  tokens
    .command("create")
    .description("Create a token for a person with one role, optionally scoped to a tenant; printed once.")
    .requiredOption("--role <role>", PERSON_ROLES.join(" | "))
    .requiredOption("--user <id>", "the person's user id (the same namespace as principals)")
    .option("--tenant <id>", "limit the token to one tenant")
    .option("--data <dir>", "data directory (env WARDEN_DATA; default ./.warden)")
    .option("--json", "print as JSON")
    .action(async (o: { role: string; user: string; tenant?: string; data?: string; json?: boolean }) => {
      if (!PERSON_ROLES.includes(o.role as PersonRole)) throw new WardenError("CLI_USAGE", `--role must be one of ${PERSON_ROLES.join(", ")}`);
      const r = await withRegistry(io, o.data, async (reg, audit) => {
        const t = await reg.createPersonToken(o.user, o.role as PersonRole, o.tenant ?? null);
        await audit("person_token.create", { token_id: t.record.id, user: o.user, role: o.role, tenant: o.tenant ?? null });
        return t;
      });
      if (o.json) printJson(io, { id: r.record.id, user: o.user, role: o.role, tenant: o.tenant ?? null, token: r.token });
      else io.stdout(r.token + "\n");
      io.stderr(`created ${o.role} token ${r.record.id} for ${o.user}; store it now, Warden keeps only its hash\n`);
      io.exitCode = EXIT.OK;
    });
  listAndRevoke(tokens, io, "person");
}

function listAndRevoke(cmd: Command, io: CliIO, kind: "agent" | "person"): void {
  cmd
    .command("list")
    .description("List credentials (never their secrets).")
    .option("--data <dir>", "data directory")
    .option("--json", "print as JSON")
    .action(async (o: { data?: string; json?: boolean }) => {
      const all = (await withRegistry(io, o.data, (reg) => reg.list())).filter((c) => c.kind === kind);
      if (o.json) printJson(io, all);
      else for (const c of all) io.stdout(`${c.id}\t${c.kind === "agent" ? c.agent : `${c.user}\t${c.role}\t${c.tenant ?? "*"}`}\t${c.revoked_at ? "revoked" : "active"}\n`);
      io.exitCode = EXIT.OK;
    });
  cmd
    .command("revoke")
    .description("Revoke a credential by id; it stops working at once on every gateway sharing the data.")
    .argument("<id>", "credential id (from list)")
    .option("--data <dir>", "data directory")
    .action(async (id: string, o: { data?: string }) => {
      const rec = await withRegistry(io, o.data, async (reg, audit) => {
        const r = await reg.revoke(id);
        if (r) await audit("credential.revoke", { id, kind: r.kind });
        return r;
      });
      if (!rec) throw new WardenError("CLI_USAGE", `no credential ${id}`);
      io.stderr(`revoked ${id}\n`);
      io.exitCode = EXIT.OK;
    });
}
