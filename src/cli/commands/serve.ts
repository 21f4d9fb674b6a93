import type { Command } from "commander";
import { loadConfig } from "../../config/index.js";
import { formatDiagnostic, WardenError } from "../../core/index.js";
import { listen, startGateway } from "../../gateway/index.js";
import { EXIT, type CliIO } from "../io.js";

interface Opts {
  port?: string;
  host?: string;
  data?: string;
  config?: string;
  policy?: string;
}

export function registerServe(program: Command, io: CliIO): void {
  program
    .command("serve")
    .description("Start the gateway. With no configuration: SQLite in ./.warden, the finance example policy and its offline demo tools.")
    .option("--port <n>", "port to listen on (env WARDEN_PORT; default 8787; 0 picks a free port)")
    .option("--host <addr>", "address to listen on (env WARDEN_HOST; default 127.0.0.1)")
    .option("--data <dir>", "data directory (env WARDEN_DATA; default ./.warden)")
    .option("--config <file>", "warden.yaml (env WARDEN_CONFIG)")
    .option("--policy <file>", "policy file, overriding the configuration (env WARDEN_POLICY)")
    .action(async (opts: Opts) => {
      const env = { ...io.env };
      if (opts.port !== undefined) env["WARDEN_PORT"] = opts.port;
      if (opts.host !== undefined) env["WARDEN_HOST"] = opts.host;
      if (opts.data !== undefined) env["WARDEN_DATA"] = opts.data;
      if (opts.policy !== undefined) env["WARDEN_POLICY"] = opts.policy;
      const file = opts.config ?? env["WARDEN_CONFIG"] ?? null;
      const cfg = loadConfig(file, env);
      if (!cfg.ok) {
        for (const d of cfg.diagnostics) io.stderr(formatDiagnostic(d) + "\n");
        throw new WardenError("CLI_USAGE", "the configuration is invalid; fix the errors above");
      }
      const gw = await startGateway(cfg.config);
      const rt = gw.runtime;
      // A bootstrap admin token for this run only: earlier runs' bootstrap tokens are revoked first.
      for (const c of await rt.identities.list()) if (c.kind === "person" && c.user === "bootstrap-admin" && c.revoked_at === null) await rt.identities.revoke(c.id);
      const admin = await rt.identities.createPersonToken("bootstrap-admin", "admin");
      const l = await listen(gw, cfg.config.port, cfg.config.host);
      const lines = [`Warden is listening on ${l.url}`, `  policy: ${rt.policies.reloadStatus.file} (${rt.policies.policy.version})`, `  data:   ${cfg.config.dataDir}`, `  admin token (valid until this process stops): ${admin.token}`];
      if (gw.demo) {
        const key = await rt.identities.createAgentKey("finance-agent", "demo");
        lines.push(`  demo agent key for finance-agent: ${key.token}`, `  try: curl -s -X POST ${l.url}/v1/sessions -H 'authorization: Bearer ${key.token}' -H 'content-type: application/json' -d '{"task":"balance_check","principal":"sarah","request":"balance of 3847?"}'`);
      }
      io.stdout(lines.join("\n") + "\n");
      await new Promise<void>((resolve) => {
        const stop = async (sig: string) => {
          rt.logger.info({ event: "gateway.stop", signal: sig }, "stopping");
          await l.close();
          await rt.identities.revoke(admin.record.id).catch(() => undefined);
          await gw.close();
          resolve();
        };
        process.once("SIGINT", () => void stop("SIGINT"));
        process.once("SIGTERM", () => void stop("SIGTERM"));
      });
      io.exitCode = EXIT.OK;
    });
}
